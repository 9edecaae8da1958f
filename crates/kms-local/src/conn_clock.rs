//! The clocks of one connection that hyper does not keep apart: how long a request's
//! headers may take, and how long a keep-alive connection may sit idle.
//!
//! hyper's own header-read timeout starts whenever it waits for a request, so it cannot
//! give an idle connection longer than a slow header. [`TimedIo`] wraps the socket and
//! follows the connection through three phases:
//!
//! - **idle** (at accept, and after each response is written): closed after
//!   `idle_timeout` without a byte;
//! - **headers** (from the first byte of a request to the blank line that ends its
//!   headers): closed `header_timeout` after that first byte, however the bytes trickle;
//! - **busy** (body and handler): no clock here; the body's minimum rate is enforced
//!   where it is read (`server::read_body`).
//!
//! A closed connection is reported to hyper as a `TimedOut` read error; hyper then
//! drops it.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

/// The interim answer after which the client sends the body it held back.
const CONTINUE: &[u8] = b"HTTP/1.1 100 ";
/// The blank line that ends a request's headers.
const END_OF_HEADERS: &[u8; 4] = b"\r\n\r\n";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Idle,
    /// Reading headers; how much of [`END_OF_HEADERS`] the last bytes matched.
    Headers(usize),
    Busy,
}

/// A socket with the idle and header clocks of the module docs.
#[derive(Debug)]
pub(crate) struct TimedIo<T> {
    inner: T,
    phase: Phase,
    /// When the current phase's time runs out (unused while busy).
    deadline: Pin<Box<Sleep>>,
    header_timeout: Duration,
    idle_timeout: Duration,
    /// Who waits on the pending read: woken when a write starts a new clock, so that
    /// the next read poll also waits on it (hyper may not poll reads again by itself).
    reader: Option<Waker>,
}

impl<T> TimedIo<T> {
    /// `inner`, idle, its clock started.
    pub(crate) fn new(inner: T, header_timeout: Duration, idle_timeout: Duration) -> Self {
        Self {
            inner,
            phase: Phase::Idle,
            deadline: Box::pin(tokio::time::sleep(idle_timeout)),
            header_timeout,
            idle_timeout,
            reader: None,
        }
    }

    fn enter(&mut self, phase: Phase) {
        let timeout = match phase {
            Phase::Idle => Some(self.idle_timeout),
            Phase::Headers(0) => Some(self.header_timeout),
            // Still reading the same headers: the clock keeps running.
            Phase::Headers(_) | Phase::Busy => None,
        };
        if let Some(timeout) = timeout {
            self.deadline = Box::pin(tokio::time::sleep(timeout));
            if let Some(reader) = self.reader.take() {
                reader.wake();
            }
        }
        self.phase = phase;
    }

    /// Follows the bytes just read through the phases.
    fn saw(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            let matched = match self.phase {
                Phase::Busy => return,
                Phase::Idle => {
                    self.enter(Phase::Headers(0));
                    0
                }
                Phase::Headers(matched) => matched,
            };
            let matched = if END_OF_HEADERS.get(matched) == Some(&byte) {
                matched + 1
            } else {
                usize::from(byte == b'\r')
            };
            if matched == END_OF_HEADERS.len() {
                self.phase = Phase::Busy;
                // The rest of this read is body (or a pipelined request), not headers.
                return;
            }
            self.phase = Phase::Headers(matched);
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for TimedIo<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let new = buf.filled().get(before..).unwrap_or_default().to_vec();
                this.saw(&new);
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => {
                this.reader = Some(cx.waker().clone());
                if this.phase != Phase::Busy && this.deadline.as_mut().poll(cx).is_ready() {
                    let what = if this.phase == Phase::Idle {
                        "idle keep-alive connection closed"
                    } else {
                        "request headers did not arrive in time"
                    };
                    return Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, what)));
                }
                Poll::Pending
            }
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for TimedIo<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let written = Pin::new(&mut this.inner).poll_write(cx, data);
        // The server writes only answers: once one goes out, the connection is idle
        // until the client starts its next request. (Not a `100 Continue`: the body
        // follows it.)
        if matches!(written, Poll::Ready(Ok(n)) if n > 0) && !data.starts_with(CONTINUE) {
            this.enter(Phase::Idle);
        }
        written
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let written = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        if matches!(written, Poll::Ready(Ok(n)) if n > 0) {
            this.enter(Phase::Idle);
        }
        written
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn io() -> TimedIo<()> {
        TimedIo {
            inner: (),
            phase: Phase::Idle,
            deadline: Box::pin(tokio::time::sleep(Duration::ZERO)),
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            reader: None,
        }
    }

    #[tokio::test]
    async fn phases_follow_the_bytes() {
        let mut io = io();
        io.saw(b"POST / HTTP/1.1\r\nhost: x\r");
        assert_eq!(io.phase, Phase::Headers(1));
        io.saw(b"\n");
        assert_eq!(io.phase, Phase::Headers(2));
        io.saw(b"\r");
        assert_eq!(io.phase, Phase::Headers(3));
        io.saw(b"\n{\"KeyId\":\"\r\n\r\n\"}");
        assert_eq!(io.phase, Phase::Busy, "the body is not headers");
        io.enter(Phase::Idle);
        io.saw(b"GET / HTTP/1.1\r\n\r\r\n\r\n");
        assert_eq!(io.phase, Phase::Busy);
        io.enter(Phase::Idle);
        io.saw(b"\r\n\n\r\n");
        assert_eq!(io.phase, Phase::Headers(2));
    }
}
