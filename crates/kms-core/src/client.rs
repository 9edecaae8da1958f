//! STUB: lands with the core client work.
