//! What hostile snapshots cost in memory, measured by counting every
//! allocation of this test binary (its own process, so no other test's
//! allocations count): a 1 GiB string and millions of duplicate ids are
//! refused with `INVALID_SNAPSHOT` naming the item. The loader reads a
//! snapshot streaming and borrows its strings: a huge string or a repeated
//! item costs next to nothing beside the input, and what must be kept
//! until later sections resolve it (a directory's users, until the
//! accounts) at most twice the input.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use tenantry::Tenancy;

/// The system allocator, counting the bytes live and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new_size) };
        if !q.is_null() {
            if new_size >= layout.size() {
                let grown = new_size - layout.size();
                let live = LIVE.fetch_add(grown, Ordering::Relaxed) + grown;
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One measurement at a time: the counters are the process's.
static SERIAL: Mutex<()> = Mutex::new(());

/// Loads `input` (`what`), expecting `INVALID_SNAPSHOT` naming `at`, prints
/// and returns the most memory the load held beyond what was live before.
fn refused_within(what: &str, input: &[u8], at: &str) -> usize {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let result = Tenancy::from_bytes(input);
    let extra = PEAK.load(Ordering::Relaxed) - before;
    match result {
        Ok(_) => panic!("accepted a hostile snapshot (expected a refusal at {at})"),
        Err(e) => {
            assert_eq!(e.code(), "INVALID_SNAPSHOT", "{e}");
            let message = e.to_string();
            assert!(
                message.contains(at) && message.len() < 2_000,
                "expected a short refusal naming {at}: {}",
                &message[..message.len().min(300)]
            );
        }
    }
    eprintln!(
        "{what}: {} bytes of input, {extra} bytes held beside it",
        input.len()
    );
    extra
}

/// A snapshot of one directory whose name and users are given as text.
fn directory(name: &str, users: &str) -> String {
    format!(
        r#"{{"format": "tenantry-snapshot", "version": 2, "profile": "current", "directories": [{}]}}"#,
        one_directory(name, users)
    )
}

fn one_directory(name: &str, users: &str) -> String {
    format!(
        r#"{{"id": "a1512418-ab2d-43a6-819d-d28bea9267ea", "name": {name}, "initial_domain": "contoso.onmicrosoft.com", "verified_domains": [], "cloud": "public", "origin": "created", "users": [{users}]}}"#
    )
}

#[test]
fn a_1_gib_string_is_refused_holding_none_of_it() {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // A display name of 1 GiB (Entra's limit is 256 characters), as the
    // bytes of a file: the input itself is the only copy.
    let text = directory("\"PLACEHOLDER\"", "");
    let (head, tail) = text.split_at(text.find("PLACEHOLDER").unwrap_or(0));
    let mut input = Vec::with_capacity(text.len() + (1 << 30));
    input.extend_from_slice(head.as_bytes());
    input.resize(input.len() + (1 << 30), b'x');
    input.extend_from_slice(&tail.as_bytes()["PLACEHOLDER".len()..]);
    let extra = refused_within("1 GiB string", &input, "directories[0].name");
    assert!(
        extra < 1 << 20,
        "the load held {extra} bytes for a {}-byte input",
        input.len()
    );
}

#[test]
fn millions_of_duplicate_ids_are_refused_at_the_second() {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // Three million copies of one directory: refused at the first repeat,
    // the rest never read into memory.
    let one = one_directory("\"Contoso\"", "");
    let mut copies = vec![one.as_str(); 3_000_000].join(", ");
    copies = format!(
        r#"{{"format": "tenantry-snapshot", "version": 2, "profile": "current", "directories": [{copies}]}}"#
    );
    let extra = refused_within(
        "3,000,000 duplicate directories",
        copies.as_bytes(),
        "directories[1]",
    );
    assert!(extra < copies.len() / 100, "held {extra} bytes");

    // Three million copies of one user in a directory, whose account is
    // declared after it (accounts follow directories): the users are kept
    // until then, in proportion, and refused at the second.
    let user = r#"{"account": "admin@contoso.onmicrosoft.com", "kind": "member", "roles": ["global_administrator"]}"#;
    let mut users = directory("\"Contoso\"", &vec![user; 3_000_000].join(", "));
    users.pop();
    users.push_str(r#", "accounts": [{"account": "admin@contoso.onmicrosoft.com", "name": "Admin", "home": "contoso.onmicrosoft.com"}]}"#);
    let extra = refused_within(
        "3,000,000 duplicate users",
        users.as_bytes(),
        "directories[0].users[1]",
    );
    assert!(extra <= 2 * users.len(), "held {extra} bytes");
}

#[test]
fn a_million_unresolved_users_cost_memory_in_proportion() {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // A million distinct users of accounts the snapshot never declares:
    // each is read and kept until the accounts are known, then refused at
    // the first, in memory proportional to the input.
    let users: Vec<String> = (0..1_000_000)
        .map(|i| {
            format!(
                r#"{{"account": "user{i}@contoso.onmicrosoft.com", "kind": "member", "roles": []}}"#
            )
        })
        .collect();
    let input = directory("\"Contoso\"", &users.join(", "));
    drop(users);
    let extra = refused_within(
        "1,000,000 unresolved users",
        input.as_bytes(),
        "directories[0].users[0]",
    );
    assert!(extra <= 2 * input.len(), "held {extra} bytes");
}
