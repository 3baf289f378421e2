//! Crash safety of `save` (core's `write_atomically`), through the command
//! that saves: `tenantry apply ... --out` killed with SIGKILL at random
//! points leaves the old snapshot or the new one, never a torn or empty
//! file; a full disk makes the save fail with `IO_ERROR` and keeps the old
//! file.

mod common;

use common::{path, scratch};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tenantry::Tenancy;

const ADMIN: &str = "admin@contoso.onmicrosoft.com";
const CONTOSO: &str = "contoso.onmicrosoft.com";

/// A snapshot big enough that saving it takes a while: one directory of
/// `users` users.
fn big(file: &Path, users: usize) -> usize {
    let mut t = Tenancy::with_seed(5);
    let op = |v: serde_json::Value| -> tenantry::Operation {
        serde_json::from_value(v).unwrap_or_else(|e| panic!("{e}"))
    };
    t.apply(&op(serde_json::json!({"op": "sign_up_office365", "args": {"organization": "Contoso", "domain_prefix": "contoso", "admin": "admin", "plan": "Office 365 E3"}})))
        .unwrap_or_else(|e| panic!("{e}"));
    for n in 0..users {
        t.apply(&op(serde_json::json!({"op": "add_user", "args": {"actor": ADMIN, "directory": CONTOSO, "user": format!("user{n}")}})))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    t.save(file).unwrap_or_else(|e| panic!("{e}"));
    users_in(file)
}

fn users_in(file: &Path) -> usize {
    Tenancy::load(file)
        .unwrap_or_else(|e| panic!("{} is not a whole snapshot: {e}", file.display()))
        .users_of(CONTOSO)
        .map(|u| u.len())
        .unwrap_or(0)
}

/// `tenantry apply FILE add_user ... --out FILE`: its arguments.
fn add_user_args(file: &Path, user: &str) -> Vec<String> {
    [
        "apply",
        path(file),
        "add_user",
        "--as",
        ADMIN,
        "--directory",
        CONTOSO,
        "--user",
        user,
        "--out",
        path(file),
    ]
    .map(str::to_owned)
    .to_vec()
}

fn add_user(file: &Path, user: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tenantry"));
    cmd.args(add_user_args(file, user))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// A small xorshift, seeded from the clock (printed, to replay a run).
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn a_save_killed_at_random_points_leaves_the_old_file_or_the_new_one() {
    let file = scratch("killed.json");
    let mut users = big(&file, 8_000);
    // How long one load-apply-save takes, to kill inside it.
    let started = Instant::now();
    let status = add_user(&file, "timing")
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success());
    let whole = started.elapsed();
    users += 1;
    assert_eq!(users_in(&file), users);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64 | 1)
        .unwrap_or(7);
    eprintln!("seed {seed}, one run {whole:?}");
    let mut random = Random(seed);
    let (mut killed, mut finished) = (0, 0);
    for n in 0..20 {
        let mut child = add_user(&file, &format!("new{n}"))
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        let at = Duration::from_micros(random.below(whole.as_micros() as u64 * 11 / 10));
        std::thread::sleep(at);
        match child.try_wait() {
            Ok(Some(_)) => finished += 1,
            _ => {
                let _ = child.kill();
                killed += 1;
            }
        }
        let _ = child.wait();
        // The old snapshot or the new one: whole, with as many users as
        // before or one more.
        let now = users_in(&file);
        assert!(
            now == users || now == users + 1,
            "run {n} killed after {at:?}: {now} users, {users} before"
        );
        users = now;
    }
    eprintln!("{killed} killed, {finished} finished");
    assert!(killed > 0, "no run was killed mid-way");
}

#[test]
fn a_full_disk_fails_the_save_with_io_error_and_keeps_the_old_file() {
    let file = scratch("full.json");
    big(&file, 2_000);
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    // A tmpfs with room for the old file and half of a new one, where this
    // machine lets the test mount one; else a file-size limit (ulimit -f,
    // SIGXFSZ ignored) that stops the new file at half its size.
    let disk = scratch("disk");
    let _ = std::fs::create_dir_all(&disk);
    let kib = (size + size / 2) / 1024 + 8;
    let mounted = Command::new("mount")
        .args([
            "-t",
            "tmpfs",
            "-o",
            &format!("size={kib}k"),
            "tmpfs",
            path(&disk),
        ])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let target = disk.join("full.json");
    std::fs::copy(&file, &target).unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&target).unwrap_or_default();
    let out = if mounted {
        add_user(&target, "one-too-many")
            .stderr(Stdio::piped())
            .output()
    } else {
        let limit = (size / 2 / 1024).max(1);
        Command::new("sh")
            .args([
                "-c",
                &format!("trap '' XFSZ; ulimit -f {limit}; exec \"$0\" \"$@\""),
                env!("CARGO_BIN_EXE_tenantry"),
            ])
            .args(add_user_args(&target, "one-too-many"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
    }
    .unwrap_or_else(|e| panic!("{e}"));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let after = std::fs::read(&target).unwrap_or_default();
    let left: Vec<String> = std::fs::read_dir(&disk)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    if mounted {
        let _ = Command::new("umount").arg(path(&disk)).status();
    }
    assert_eq!(out.status.code(), Some(1), "mounted {mounted}: {err}");
    assert!(err.contains("[IO_ERROR"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(after == before, "the old file is kept whole");
    assert_eq!(left, ["full.json"], "no temporary file is left");
}
