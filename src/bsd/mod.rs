//! BSD backend (PF_ROUTE). Parsing lands here as pure code compiled on every
//! OS; the system calls are `cfg`-gated. Not implemented yet: see the BSD issue.
