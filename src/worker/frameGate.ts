/**
 * At most one frame in flight to the main thread, and never a lost last frame.
 *
 * The worker waits for the main thread to take a frame before sending the next (a slow
 * page must not pile frames up). A frame asked for while one is in flight used to be
 * dropped; when that was the final one (the run finished, was paused or stepped), the
 * page never heard of it and kept showing a running clock. Now the request is remembered
 * and a fresh frame goes out as soon as the previous one is taken.
 */
export class FrameGate<F> {
  private pending = false;
  private wanted = false;

  constructor(
    /** Builds the frame at send time (so it carries the latest state). */
    private readonly make: () => F,
    /** Sends it; the returned promise settles when the receiver has taken it. */
    private readonly send: (frame: F) => unknown,
  ) {}

  /** Sends a frame now, or as soon as the one in flight is taken. */
  post(): void {
    if (this.pending) {
      this.wanted = true;
      return;
    }
    this.wanted = false;
    this.pending = true;
    const done = () => {
      this.pending = false;
      if (this.wanted) this.post();
    };
    let sent: unknown;
    try {
      sent = this.send(this.make());
    } catch (err) {
      this.pending = false;
      throw err;
    }
    Promise.resolve(sent).then(done, done);
  }

  get inFlight(): boolean {
    return this.pending;
  }
}
