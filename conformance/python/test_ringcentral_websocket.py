"""The Python SDK's WebSocket client (`ringcentral.websocket`) against the mock's gateway,
unchanged: only the server URL points at the mock. Run by `cargo xtask conformance`."""

import asyncio
import contextlib
import json
import unittest

from ringcentral import SDK
from ringcentral.websocket import WebSocketEvents

from test_ringcentral_sdk import CLIENT_ID, CLIENT_SECRET, QUEUE, SERVER, WAYNE, control

ACCOUNT_ID = "37439510"
EVENT_FILTERS = [
    "/restapi/v1.0/account/~/message-threads/sync",
    "/restapi/v1.0/account/~/message-threads/entries/sync",
]
THREAD_EVENT = f"/restapi/v1.0/account/{ACCOUNT_ID}/message-threads/sync"
MESSAGE_EVENT = f"/restapi/v1.0/account/{ACCOUNT_ID}/message-threads/entries/sync"
WAIT_S = 10


def resolve(future, value):
    if not future.done():
        future.set_result(value)


def client_request_answer(message, answers):
    meta = json.loads(message)[0]
    if meta["type"] == "ClientRequest":
        answers.put_nowait(meta)


class RingCentralPythonWebSocket(unittest.IsolatedAsyncioTestCase):
    def setUp(self):
        control("POST", "reset")

    async def test_a_subscription_receives_an_inbound_text(self):
        sdk = SDK(CLIENT_ID, CLIENT_SECRET, SERVER, "rcthreads-conformance", "0.1.0")
        platform = sdk.platform()
        platform.login(jwt=WAYNE["jwt"])
        self.addCleanup(platform.logout)

        client = sdk.create_web_socket_client()
        loop = asyncio.get_running_loop()
        connected, subscribed = loop.create_future(), loop.create_future()
        notifications, answers = asyncio.Queue(), asyncio.Queue()
        client.on(WebSocketEvents.connectionCreated, lambda c: resolve(connected, c))
        client.on(WebSocketEvents.subscriptionCreated, lambda s: resolve(subscribed, s))
        client.on(WebSocketEvents.receiveSubscriptionNotification, notifications.put_nowait)
        client.on(WebSocketEvents.receiveMessage, lambda m: client_request_answer(m, answers))
        # The client reads its socket until it closes: it runs beside the test.
        reader = asyncio.create_task(client.create_new_connection())
        try:
            await asyncio.wait_for(connected, WAIT_S)
            details = json.loads(client.get_connection_info()["connection_details"])
            self.assertEqual(details[0]["type"], "ConnectionDetails")
            self.assertIn("wsc", details[0])

            await client.create_subscription(EVENT_FILTERS)
            subscription = await asyncio.wait_for(subscribed, WAIT_S)
            meta, info = subscription.get_subscription_info()
            self.assertEqual(meta["headers"]["WSG-SubscriptionId"], info["id"])
            self.assertEqual(info["deliveryMode"]["transportType"], "WebSocket")
            self.assertEqual((await answers.get())["status"], 200, "the answer that created it")

            text = await asyncio.to_thread(
                control, "POST", "inbound", {"from": "+16502240001", "to": QUEUE["number"], "text": "Hi from Python"}
            )
            got = [await asyncio.wait_for(notifications.get(), WAIT_S) for _ in range(2)]
            self.assertEqual(sorted(n[1]["event"] for n in got), [MESSAGE_EVENT, THREAD_EVENT])
            for n_meta, body in got:
                self.assertEqual(n_meta["type"], "ServerNotification")
                self.assertEqual(body["ownerId"], WAYNE["id"])
                self.assertEqual(body["subscriptionId"], info["id"])
                self.assertEqual(body["body"]["lastModifiedTime"], text["lastModifiedTime"])

            # The SDK does not wait for the answer to its DELETE; the test does, before closing.
            await client.remove_subscription(subscription)
            removed = await asyncio.wait_for(answers.get(), WAIT_S)
            self.assertEqual(removed["status"], 204)
            await client.close_connection()
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await reader
        self.assertEqual(control("GET", "websockets")["records"][0]["subscriptions"], [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
