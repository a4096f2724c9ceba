//! Domain benchmarks: the cost of the inbox's hot paths, independent of HTTP.
//!
//! - `domain/reply_100k_open`: a reply by the assignee into one of 100,000 open threads;
//! - `domain/new_thread_100k_open`: a first message creating a thread beside them;
//! - `isync_10_changes/{1000,1000000}`: an ISync that returns 10 changes, on an inbox of
//!   1,000 and of 1,000,000 threads (the ratio shows whether ISync scans threads);
//! - `domain/expiry_sweep`: applying the expiry of 10,000 threads, per thread.
//!
//! `cargo xtask bench` runs these and reads criterion's estimates from `target/criterion`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rcthreads_domain::sample::{self, FINANCIAL_QUEUE_NUMBER, WAYNE};
use rcthreads_domain::{
    InboundMessage, Inbox, Millis, OutboundMessage, PhoneNumber, SequentialIds, THREAD_TTL, Timestamp,
};

const T0: Timestamp = Timestamp::from_millis(1_773_349_593_706);

fn guest(i: u64) -> PhoneNumber {
    PhoneNumber::from_digits_unchecked(17_000_000_000 + i)
}

/// An inbox with `n` open threads, each started by Wayne from the queue's number.
fn outbound_inbox(n: u64) -> Inbox {
    let mut inbox = Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default());
    for i in 0..n {
        inbox.send(WAYNE, T0, OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, guest(i), "Hello from the team")).unwrap();
    }
    inbox.clear_notifications();
    inbox
}

/// An inbox with `n` open threads, each started by a customer.
fn inbound_inbox(n: u64) -> Inbox {
    let mut inbox = Inbox::new(sample::ACCOUNT, sample::directory(), SequentialIds::default());
    for i in 0..n {
        let m = InboundMessage { from: guest(i), to: FINANCIAL_QUEUE_NUMBER, text: "Hello, is anyone there".into() };
        inbox.receive(T0, m).unwrap();
    }
    inbox.clear_notifications();
    inbox
}

fn sends(c: &mut Criterion) {
    const OPEN: u64 = 100_000;
    let mut g = c.benchmark_group("domain");
    g.throughput(Throughput::Elements(1));

    // Inboxes are built on first use, so a filtered run builds only what it measures.
    let mut inbox = None;
    let (mut k, mut now) = (0u64, T0);
    g.bench_function("reply_100k_open", |b| {
        let inbox = inbox.get_or_insert_with(|| outbound_inbox(OPEN));
        b.iter(|| {
            k = (k + 1) % OPEN;
            now = now + Millis(1);
            let msg = OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, guest(k), String::from("Thanks, see you soon"));
            black_box(inbox.send(WAYNE, now, msg).map(|m| m.id()).unwrap());
            inbox.clear_notifications();
        });
    });

    let mut inbox = None;
    let (mut k, mut now) = (OPEN, T0);
    g.bench_function("new_thread_100k_open", |b| {
        let inbox = inbox.get_or_insert_with(|| outbound_inbox(OPEN));
        b.iter(|| {
            k += 1;
            now = now + Millis(1);
            let msg = OutboundMessage::sms(FINANCIAL_QUEUE_NUMBER, guest(k), String::from("Hi, this is Wayne T."));
            black_box(inbox.send(WAYNE, now, msg).map(|m| m.id()).unwrap());
            inbox.clear_notifications();
        });
    });
    g.finish();
}

/// An inbox of `n` threads, and a token issued just before 10 of them changed.
fn ten_changes(n: u64) -> (Inbox, String) {
    let mut inbox = inbound_inbox(n);
    let token = inbox.fsync_threads(WAYNE).unwrap().token.encode();
    let later = T0 + Millis::seconds(1);
    for i in 0..10 {
        let m = InboundMessage { from: guest(i * (n / 10)), to: FINANCIAL_QUEUE_NUMBER, text: "One more thing".into() };
        inbox.receive(later, m).unwrap();
    }
    assert_eq!(inbox.isync_threads(WAYNE, &token).unwrap().threads.len(), 10);
    (inbox, token)
}

fn isync(c: &mut Criterion) {
    let mut g = c.benchmark_group("isync_10_changes");
    for n in [1_000u64, 1_000_000] {
        let mut state = None;
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, &n| {
            let (inbox, token) = state.get_or_insert_with(|| ten_changes(n));
            b.iter(|| black_box(inbox.isync_threads(WAYNE, token).unwrap().threads.len()));
        });
    }
    g.finish();
}

fn expiry(c: &mut Criterion) {
    const N: u64 = 10_000;
    let mut g = c.benchmark_group("domain");
    g.throughput(Throughput::Elements(N));
    g.bench_function("expiry_sweep", |b| {
        b.iter_batched(
            || inbound_inbox(N),
            |mut inbox| {
                inbox.advance(T0 + THREAD_TTL);
                assert_eq!(inbox.open_thread_count(), 0);
                inbox
            },
            BatchSize::PerIteration,
        );
    });
    g.finish();
}

fn config() -> Criterion {
    // `cargo xtask bench --quick` shortens these through criterion's own flags.
    Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3))
}

criterion_group! { name = benches; config = config(); targets = sends, isync, expiry }
criterion_main!(benches);
