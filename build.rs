//! Names the OS groups once, as cfgs the code uses: `bsd` (the PF_ROUTE
//! systems this crate drives) and `rtsock_supported` (any OS it has a
//! backend for), so the list of BSDs is not spelled out at each site.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(bsd)");
    println!("cargo::rustc-check-cfg=cfg(rtsock_supported)");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let bsd = matches!(os.as_str(), "freebsd" | "openbsd");
    if bsd {
        println!("cargo::rustc-cfg=bsd");
    }
    if bsd || os == "linux" {
        println!("cargo::rustc-cfg=rtsock_supported");
    }
}
