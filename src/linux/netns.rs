//! Named network namespaces the way `ip netns add/del/list` keeps them: a
//! file under `/run/netns` with the namespace bind-mounted on it, so it
//! lives on without any process inside.

use std::fs;
use std::path::{Path, PathBuf};

use nix::mount::{MntFlags, MsFlags, mount, umount2};

use crate::common::error::{Error, Result};

/// Where `ip netns` keeps named namespaces.
pub const NETNS_RUN_DIR: &str = "/run/netns";

fn check_name(name: &str) -> Result<PathBuf> {
    if name.is_empty() || name.contains('/') || name == "." || name == ".." {
        return Err(Error::invalid(
            format!("netns {name:?}"),
            "a namespace name is one path component",
        ));
    }
    Ok(Path::new(NETNS_RUN_DIR).join(name))
}

/// Makes `/run/netns` a shared mount point, as `ip` does, so that a mount
/// made under it is seen from every mount namespace.
fn share_run_dir(what: &str) -> Result<()> {
    let io = |e: nix::Error| Error::io(what.to_owned(), e.into());
    fs::create_dir_all(NETNS_RUN_DIR).map_err(|e| Error::io(what.to_owned(), e))?;
    let shared = MsFlags::MS_SHARED | MsFlags::MS_REC;
    match mount(
        None::<&str>,
        NETNS_RUN_DIR,
        Some("none"),
        shared,
        None::<&str>,
    ) {
        Ok(()) => Ok(()),
        // Not a mount point yet: bind it onto itself first.
        Err(nix::Error::EINVAL) => {
            let bind = MsFlags::MS_BIND | MsFlags::MS_REC;
            mount(
                Some(NETNS_RUN_DIR),
                NETNS_RUN_DIR,
                Some("none"),
                bind,
                None::<&str>,
            )
            .map_err(io)?;
            mount(
                None::<&str>,
                NETNS_RUN_DIR,
                Some("none"),
                shared,
                None::<&str>,
            )
            .map_err(io)
        }
        Err(e) => Err(io(e)),
    }
}

/// Creates a new, empty network namespace called `name` (`ip netns add`).
/// The calling thread stays where it is: a helper thread makes the namespace.
pub fn create(name: &str) -> Result<PathBuf> {
    let path = check_name(name)?;
    let what = format!("netns add {name}");
    share_run_dir(&what)?;
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| Error::io(what.clone(), e))?;
    let target = path.clone();
    let made = std::thread::spawn(move || -> nix::Result<()> {
        nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWNET)?;
        mount(
            Some("/proc/thread-self/ns/net"),
            &target,
            Some("none"),
            MsFlags::MS_BIND,
            None::<&str>,
        )
    })
    .join()
    .unwrap_or(Err(nix::Error::EIO));
    if let Err(e) = made {
        let _ = fs::remove_file(&path);
        return Err(Error::io(what, e.into()));
    }
    Ok(path)
}

/// Deletes the named namespace (`ip netns del`). Its interfaces go when the
/// last process inside leaves.
pub fn delete(name: &str) -> Result<()> {
    let path = check_name(name)?;
    let what = format!("netns del {name}");
    match umount2(&path, MntFlags::MNT_DETACH) {
        // Not mounted: a leftover file, removed all the same.
        Ok(()) | Err(nix::Error::EINVAL) => {}
        Err(nix::Error::ENOENT) => {
            return Err(Error::Kernel {
                request: what,
                errno: libc::ENOENT,
                ext_ack: None,
            });
        }
        Err(e) => return Err(Error::io(what, e.into())),
    }
    fs::remove_file(&path).map_err(|e| Error::io(what, e))
}

/// The named namespaces, sorted (`ip netns list`).
pub fn list() -> Result<Vec<String>> {
    let entries = match fs::read_dir(NETNS_RUN_DIR) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("netns list", e)),
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    Ok(names)
}

/// Runs `work` on a thread that has entered the namespace `netns` (a name
/// under `/run/netns`, or a path such as `/proc/PID/ns/net`) and returns
/// what it returns: `ip netns exec` for a closure. Sockets it opens stay
/// in that namespace after it returns.
///
/// ```no_run
/// use rtsock::linux::netns;
/// use rtsock::{Filter, IpRoute, RouteSocket};
///
/// let links = netns::run_in("blue", || -> rtsock::Result<usize> {
///     Ok(IpRoute::new()?.links(&Filter::new())?.count())
/// })??;
/// # Ok::<(), rtsock::Error>(())
/// ```
pub fn run_in<T: Send>(netns: &str, work: impl FnOnce() -> T + Send) -> Result<T> {
    let path = super::backend::netns_path(netns);
    super::backend::in_namespace(Some(&path), || Ok(work()))
}

/// Makes `cmd` start inside the namespace `netns`: the child enters it
/// between fork and exec. Only the network namespace changes (`ip netns
/// exec` also remounts /sys and binds /etc/netns/NAME; this does not).
pub fn command_in(netns: &str, cmd: &mut std::process::Command) -> Result<()> {
    use std::os::fd::{IntoRawFd, RawFd};
    use std::os::unix::process::CommandExt;
    let path = super::backend::netns_path(netns);
    let file =
        fs::File::open(&path).map_err(|e| Error::io(format!("netns {}", path.display()), e))?;
    // The fd stays open for the life of the process: the child needs it
    // after fork, and a Command may be spawned more than once.
    let fd: RawFd = file.into_raw_fd();
    // SAFETY: the closure runs in the child between fork and exec, where
    // only async-signal-safe calls are allowed: setns(2) is a plain system
    // call on an fd the parent opened and never closes.
    unsafe {
        cmd.pre_exec(move || {
            if libc::setns(fd, libc::CLONE_NEWNET) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    Ok(())
}

use crate::common::attrs::{NETNSA_FD, NETNSA_NSID};

/// An RTM_*NSID request about the namespace `name`, named by an fd
/// (NETNSA_FD) that must stay open until the kernel has answered.
fn nsid_request(kind: u16, name: &str, what: &str) -> Result<(fs::File, super::request::Request)> {
    use std::os::fd::AsRawFd;
    let path = super::backend::netns_path(name);
    let file = fs::File::open(&path).map_err(|e| Error::io(what.to_owned(), e))?;
    let req = super::request::Request::new(
        kind,
        crate::constants::NLM_F_REQUEST | crate::constants::NLM_F_ACK,
    )
    .fixed(&[0; 4])
    .attr_u32(NETNSA_FD.number, file.as_raw_fd() as u32);
    Ok((file, req))
}

impl super::IpRoute {
    /// Gives the namespace `name` (under `/run/netns`, or a path) the id
    /// `id` in this socket's namespace (`ip netns set NAME ID`); a negative
    /// id lets the kernel choose. Peers need an id here for a monitor
    /// listening to every namespace to hear them.
    pub fn set_netns_id(&mut self, name: &str, id: i32) -> Result<()> {
        let what = format!("netns set {name} {id}");
        let (file, req) = nsid_request(crate::constants::RTM_NEWNSID, name, &what)?;
        let req = req.attr(NETNSA_NSID.number, &id.to_ne_bytes());
        let result = self.call(req, what).map(drop);
        drop(file); // open until the kernel has read NETNSA_FD
        result
    }

    /// The id this socket's namespace gives the namespace `name`, or
    /// `None` when it has none (`ip netns identify` the other way round).
    pub fn netns_id(&mut self, name: &str) -> Result<Option<i32>> {
        let what = format!("netns id of {name}");
        let (file, req) = nsid_request(crate::constants::RTM_GETNSID, name, &what)?;
        let replies = self.call(req, what);
        drop(file); // open until the kernel has read NETNSA_FD
        let replies = replies?;
        Ok(replies
            .iter()
            .find_map(crate::views::NetnsId::from_message)
            .map(|n| n.nsid)
            .filter(|id| *id >= 0))
    }

    /// Every namespace id this socket's namespace has given (`ip netns
    /// list-id`), each with the name under `/run/netns` that has it, if any.
    pub fn netns_ids(&mut self) -> Result<Vec<(i32, Option<String>)>> {
        let req = super::request::Request::new(
            crate::constants::RTM_GETNSID,
            crate::constants::NLM_F_REQUEST | crate::constants::NLM_F_DUMP,
        )
        .fixed(&[0; 4]);
        let mut ids: Vec<i32> = self
            .call(req, "netns list-id")?
            .iter()
            .filter_map(crate::views::NetnsId::from_message)
            .map(|n| n.nsid)
            .collect();
        ids.sort_unstable();
        let mut named = Vec::new();
        for name in list().unwrap_or_default() {
            if let Ok(Some(id)) = self.netns_id(&name) {
                named.push((id, name));
            }
        }
        Ok(ids
            .into_iter()
            .map(|id| {
                (
                    id,
                    named.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()),
                )
            })
            .collect())
    }
}
