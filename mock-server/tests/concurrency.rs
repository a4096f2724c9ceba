//! Concurrent first messages to one pair make exactly one thread.

mod common;
use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_handler_racing_itself_makes_one_thread() {
    let mock = mock().await;
    let wayne = Api::login(&mock, "jwt-101").await;
    let tasks: Vec<_> = (0..32)
        .map(|i| {
            let api = wayne.clone();
            tokio::spawn(async move { api.send_message(QUEUE, CUSTOMER, &format!("hello {i}")).await })
        })
        .collect();
    let mut threads = Vec::new();
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.status, 200, "the sender becomes the assignee, so every send succeeds");
        threads.push(r.json()["threadId"].as_str().unwrap().to_owned());
    }
    threads.dedup();
    assert_eq!(threads.len(), 1, "{threads:?}");
    assert_eq!(wayne.thread_count().await, 1);
    let messages = wayne.get(&format!("{MT}/messages?perPage=100")).await.json();
    assert_eq!(messages["records"].as_array().unwrap().len(), 32);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn different_handlers_racing_make_one_thread_and_one_winner() {
    let mock = mock().await;
    let mut handlers = Vec::new();
    for jwt in ["jwt-101", "jwt-102", "jwt-103", "jwt-104"] {
        handlers.push(Api::login(&mock, jwt).await);
    }
    let tasks: Vec<_> = (0..32)
        .map(|i| {
            let api = handlers[i % 4].clone();
            tokio::spawn(async move { api.send_message(QUEUE, CUSTOMER_2, "first!").await })
        })
        .collect();
    let mut winners = Vec::new();
    let mut refused = 0;
    for t in tasks {
        let r = t.await.unwrap();
        match r.status {
            200 => winners.push(r.json()["author"]["extensionId"].as_str().unwrap().to_owned()),
            403 => {
                assert_eq!(r.code(), "MSG-427");
                refused += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    // Whoever created the thread owns it: all their sends succeed, everybody else's fail.
    winners.dedup();
    assert_eq!(winners.len(), 1, "{winners:?}");
    assert_eq!(refused, 24);
    assert_eq!(handlers[0].thread_count().await, 1);
    let t = handlers[0].threads("").await;
    assert_eq!(t["records"][0]["assignee"]["extensionId"], winners[0].as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn each_handler_once_exactly_one_success_per_pair() {
    let mock = mock().await;
    let mut handlers = Vec::new();
    for jwt in ["jwt-101", "jwt-102", "jwt-103", "jwt-104"] {
        handlers.push(Api::login(&mock, jwt).await);
    }
    // Eight new pairs at once, each raced by the four handlers of the queue.
    let tasks: Vec<_> = (0..8)
        .flat_map(|c| handlers.iter().map(move |h| (c, h.clone())))
        .map(|(c, api)| {
            tokio::spawn(async move { (c, api.send_message(QUEUE, &format!("+1650224200{c}"), "first!").await) })
        })
        .collect();
    let mut ok = [0; 8];
    for t in tasks {
        let (c, r) = t.await.unwrap();
        match r.status {
            200 => ok[c] += 1,
            403 => assert_eq!(r.code(), "MSG-427"),
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(ok, [1; 8]);
    assert_eq!(handlers[0].thread_count().await, 8);
}
