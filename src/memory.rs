//! Process memory settings, applied once at startup before any thread exists.
//!
//! Each password hash or check allocates one 19 MiB argon2 buffer and frees it. glibc's
//! malloc raises its mmap threshold to the size of the largest block freed so far, so after
//! the first login those buffers come from the heap arenas instead of fresh mappings, and
//! the arenas keep the freed space: a burst of 32 concurrent logins left the process at
//! about 300 MB resident for good. Pinning the threshold at glibc's default (128 KiB) keeps
//! large buffers on mappings that go back to the system when freed (the same burst then
//! peaks near 70 MB and returns to 30 MB).

/// glibc's default `M_MMAP_THRESHOLD`, made fixed instead of dynamic.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD_BYTES: libc::c_int = 128 * 1024;

/// Keeps large allocations on their own mappings (see the module's comment).
pub fn return_large_buffers_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only changes allocator tuning; it is called once, from `main`,
    // before the runtime starts any thread, with a parameter and value glibc documents.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES);
    }
}
