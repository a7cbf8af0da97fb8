//! Chunking iterator adapters.
//!
//! - [`ChunkExt::chunked`]: fixed-size chunks of any iterator, with a policy for
//!   the incomplete last chunk ([`Remainder`]).
//! - [`windows_step`]: overlapping (or gapped) windows over a slice with a step.
//! - [`chunk_by`]: runs of a slice in which consecutive elements satisfy a predicate.

mod chunk_by;
mod chunked;
mod windows;

pub use chunk_by::{chunk_by, ChunkBy};
pub use chunked::{ChunkExt, Chunked, Remainder};
pub use windows::{windows_step, WindowsStep};
