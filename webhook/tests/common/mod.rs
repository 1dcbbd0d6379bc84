//! What every store must do, run against each (memory, SQLite, PostgreSQL).
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use alipay_webhook::{Decision, Final, Incoming, Key, Status, Store};
use bytes::Bytes;

/// What the merchant's action saw, in order.
pub type ActionLog = Arc<Mutex<Vec<(Key, Status)>>>;

pub fn log() -> ActionLog {
    Arc::new(Mutex::new(Vec::new()))
}

pub fn incoming(api: &str, request_id: &str, status: Status) -> Incoming {
    Incoming {
        key: Key {
            api: api.to_string(),
            request_id: request_id.to_string(),
        },
        status,
        notify_type: "TEST".to_string(),
        body: Bytes::from(format!(
            r#"{{"requestId":"{request_id}","status":"{}"}}"#,
            status.as_str()
        )),
        request_time: "0".to_string(),
    }
}

const ALL: [Status; 3] = [Status::Pending, Status::Succeeded, Status::Failed];

/// Every sequence of 1 to `n` arrivals over {pending, succeeded, failed}.
pub fn sequences(n: usize) -> Vec<Vec<Status>> {
    let mut out = Vec::new();
    let mut frontier: Vec<Vec<Status>> = vec![Vec::new()];
    for _ in 0..n {
        let mut next = Vec::new();
        for s in &frontier {
            for st in ALL {
                let mut t = s.clone();
                t.push(st);
                next.push(t);
            }
        }
        out.extend(next.iter().cloned());
        frontier = next;
    }
    out
}

fn code(seq: &[Status]) -> String {
    seq.iter()
        .map(|s| match s {
            Status::Pending => 'P',
            Status::Succeeded => 'S',
            Status::Failed => 'F',
        })
        .collect()
}

/// Every interleaving of up to 4 arrivals, each on its own key (prefixed by
/// `run`): the action runs once per key with a final result, with the first
/// final; contradicting finals are conflicts; the store's lists agree.
pub async fn every_interleaving<S: Store>(store: &S, log: &ActionLog, run: &str) {
    let api = "notifyTest";
    let seqs = sequences(4);
    assert_eq!(seqs.len(), 3 + 9 + 27 + 81);
    for seq in &seqs {
        let rid = format!("{run}-{}", code(seq));
        for &s in seq {
            store.record(incoming(api, &rid, s)).await.expect("record");
        }
    }
    let acted: Vec<(Key, Status)> = log.lock().unwrap().clone();
    let mut by_key: HashMap<String, Vec<Status>> = HashMap::new();
    for (k, s) in acted.iter().filter(|(k, _)| k.request_id.starts_with(run)) {
        by_key.entry(k.request_id.clone()).or_default().push(*s);
    }
    let listed: HashMap<String, Final> = store
        .acted()
        .await
        .expect("acted")
        .into_iter()
        .filter(|a| a.key.request_id.starts_with(run))
        .map(|a| (a.key.request_id, a.result))
        .collect();
    let mut conflicts: HashMap<String, usize> = HashMap::new();
    for c in store.conflicts().await.expect("conflicts") {
        if c.key.request_id.starts_with(run) {
            assert_ne!(c.acted, c.received);
            *conflicts.entry(c.key.request_id).or_default() += 1;
        }
    }
    for seq in &seqs {
        let rid = format!("{run}-{}", code(seq));
        let first = seq.iter().find_map(|s| s.as_final());
        let got = by_key.get(&rid).cloned().unwrap_or_default();
        match first {
            None => {
                assert!(got.is_empty(), "{rid}: acted on {got:?}");
                assert!(!listed.contains_key(&rid), "{rid}");
            }
            Some(f) => {
                assert_eq!(got, vec![f.status()], "{rid}: the action ran {got:?}");
                assert_eq!(listed.get(&rid), Some(&f), "{rid}");
            }
        }
        let contradicting = match first {
            None => 0,
            Some(f) => seq
                .iter()
                .filter_map(|s| s.as_final())
                .filter(|g| *g != f)
                .count(),
        };
        assert_eq!(
            conflicts.get(&rid).copied().unwrap_or(0),
            contradicting,
            "{rid}"
        );
    }
}

/// 16 tasks deliver the same key at once (pending, S and F mixed), for 20
/// keys: the action runs once per key.
pub async fn concurrent_duplicates<S: Store + 'static>(store: Arc<S>, log: &ActionLog, run: &str) {
    let mut tasks = Vec::new();
    for k in 0..20 {
        for t in 0..16 {
            let store = Arc::clone(&store);
            let rid = format!("{run}-c{k}");
            let status = ALL[t % 3];
            tasks.push(tokio::spawn(async move {
                store.record(incoming("notifyTest", &rid, status)).await
            }));
        }
    }
    let mut acts = 0;
    for t in tasks {
        if t.await.expect("join").expect("record").acts() {
            acts += 1;
        }
    }
    assert_eq!(acts, 20);
    let seen = log.lock().unwrap().clone();
    for k in 0..20 {
        let rid = format!("{run}-c{k}");
        let n = seen.iter().filter(|(key, _)| key.request_id == rid).count();
        assert_eq!(n, 1, "{rid} acted on {n} times");
    }
}

/// An action that fails leaves nothing recorded; the resend acts.
pub async fn failed_action_rolls_back<S: Store>(
    store: &S,
    fail_next: &Arc<Mutex<bool>>,
    log: &ActionLog,
    run: &str,
) {
    let rid = format!("{run}-rollback");
    *fail_next.lock().unwrap() = true;
    let err = store
        .record(incoming("notifyTest", &rid, Status::Succeeded))
        .await
        .expect_err("the action failed");
    assert!(
        matches!(err, alipay_webhook::StoreError::Action(_)),
        "{err}"
    );
    assert!(
        !store
            .acted()
            .await
            .unwrap()
            .iter()
            .any(|a| a.key.request_id == rid)
    );
    let d = store
        .record(incoming("notifyTest", &rid, Status::Succeeded))
        .await
        .expect("resend");
    assert_eq!(d, Decision::Act(Final::Succeeded));
    let n = log
        .lock()
        .unwrap()
        .iter()
        .filter(|(k, _)| k.request_id == rid)
        .count();
    assert_eq!(n, 1);
}

pub async fn dead_letters_round_trip<S: Store>(store: &S, run: &str) {
    let letter = alipay_webhook::DeadLetter {
        reason: format!("{run}: unknown notifyType"),
        notify_type: Some("NEW".into()),
        client_id: Some("C".into()),
        request_time: Some("1".into()),
        signature: Some("algorithm=RSA256,signature=abc".into()),
        body: Bytes::from_static(b"{\"notifyType\":\"NEW\"}"),
    };
    store
        .dead_letter(letter.clone())
        .await
        .expect("dead letter");
    let all = store.dead_letters().await.expect("list");
    assert!(all.contains(&letter));
}

/// A run prefix unique to this process and moment (so runs against a shared
/// database do not see each other's keys).
pub fn run_id(name: &str) -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{name}-{}-{t}", std::process::id())
}
