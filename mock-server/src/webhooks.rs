//! Webhook deliveries: one bounded queue and one task per subscription, so that a receiver gets
//! its events in the order they happened, and a failed POST is retried before the next event.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rcthreads_wire::subscription::VERIFICATION_TOKEN_HEADER;
use tokio::sync::Notify;

use crate::state::lock;

/// Events waiting per subscription; beyond it the oldest is dropped (and counted).
pub const QUEUE_CAPACITY: usize = 1000;
/// Retries of a failed POST (a connection error, no answer in time, or a status other than 2xx).
pub const RETRIES: u32 = 3;
/// The wait before the first retry; each next one waits twice as long (0.5 s, 1 s, 2 s).
pub const FIRST_BACKOFF: Duration = Duration::from_millis(500);
/// The longest one POST may take.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// One event to POST.
#[derive(Debug)]
pub(crate) struct Event {
    /// Where.
    pub address: String,
    /// Echoed in `Verification-Token`.
    pub verification_token: Option<String>,
    /// The envelope, as JSON.
    pub body: Vec<u8>,
}

/// The queue of one subscription. Dropping it stops its task and forgets what is pending.
#[derive(Debug)]
pub(crate) struct Outbox {
    shared: Arc<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    queue: Mutex<Queue>,
    wake: Notify,
}

#[derive(Debug, Default)]
struct Queue {
    events: VecDeque<Event>,
    dropped: u64,
    closed: bool,
}

impl Queue {
    /// Appends, dropping the oldest when full; whether one was dropped.
    fn push(&mut self, event: Event) -> bool {
        let full = self.events.len() >= QUEUE_CAPACITY;
        if full {
            self.events.pop_front();
            self.dropped += 1;
        }
        self.events.push_back(event);
        full
    }
}

impl Outbox {
    /// A queue and its task on `runtime`, for subscription `id`.
    pub(crate) fn start(id: &str, runtime: &tokio::runtime::Handle) -> Self {
        let shared = Arc::new(Shared::default());
        runtime.spawn(run(id.to_owned(), Arc::clone(&shared)));
        Self { shared }
    }

    /// Queues an event behind the others.
    pub(crate) fn push(&self, event: Event) {
        let mut queue = lock(&self.shared.queue);
        if queue.push(event) {
            tracing::warn!(dropped = queue.dropped, "webhook queue full: the oldest event was dropped");
        }
        drop(queue);
        self.shared.wake.notify_one();
    }
}

impl Drop for Outbox {
    fn drop(&mut self) {
        lock(&self.shared.queue).closed = true;
        self.shared.wake.notify_one();
    }
}

/// Delivers the queue's events one at a time until the outbox is dropped.
async fn run(id: String, shared: Arc<Shared>) {
    loop {
        let next = {
            let mut queue = lock(&shared.queue);
            if queue.closed {
                return;
            }
            queue.events.pop_front()
        };
        match next {
            // A notification sent while nobody waited is kept as a permit: none is lost.
            None => shared.wake.notified().await,
            Some(event) => deliver(&id, &shared, event).await,
        }
    }
}

/// POSTs one event, retrying with a doubling backoff; gives up on it after [`RETRIES`].
async fn deliver(id: &str, shared: &Shared, event: Event) {
    let headers: Vec<(&str, &str)> =
        event.verification_token.as_deref().map(|t| (VERIFICATION_TOKEN_HEADER, t)).into_iter().collect();
    let mut backoff = FIRST_BACKOFF;
    for attempt in 0..=RETRIES {
        if lock(&shared.queue).closed {
            return;
        }
        let failure =
            match crate::subscriptions::post(&event.address, &headers, event.body.clone(), ATTEMPT_TIMEOUT).await {
                Ok(r) if r.status().is_success() => return,
                Ok(r) => format!("answered {}", r.status().as_u16()),
                Err(e) => e,
            };
        if attempt == RETRIES {
            tracing::warn!(subscription = id, address = %event.address, error = %failure, "webhook delivery failed; giving up on the event");
            return;
        }
        tracing::debug!(subscription = id, address = %event.address, error = %failure, ?backoff, "webhook delivery failed; retrying");
        tokio::time::sleep(backoff).await;
        backoff *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(n: usize) -> Event {
        Event { address: String::new(), verification_token: None, body: n.to_string().into_bytes() }
    }

    #[test]
    fn a_full_queue_drops_its_oldest_event_and_counts_it() {
        let mut q = Queue::default();
        for n in 0..QUEUE_CAPACITY {
            assert!(!q.push(event(n)));
        }
        assert!(q.push(event(QUEUE_CAPACITY)));
        assert!(q.push(event(QUEUE_CAPACITY + 1)));
        assert_eq!(q.dropped, 2);
        assert_eq!(q.events.len(), QUEUE_CAPACITY);
        assert_eq!(q.events.front().unwrap().body, b"2");
        assert_eq!(q.events.back().unwrap().body, (QUEUE_CAPACITY + 1).to_string().into_bytes());
    }
}
