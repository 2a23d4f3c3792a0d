import type { CloudApi, CloudRequest } from "./api";

const keyOf = (r: CloudRequest) => `${r.api} ${r.method} ${JSON.stringify(r.request)}`;

/**
 * A CloudApi that sends nothing: reads answer from the responses it was given (by default none:
 * every resource is missing) and every change is recorded, so a dry run or a test sees exactly
 * what a real run would send.
 */
export class RecordingCloudApi implements CloudApi {
  readonly reads: CloudRequest[] = [];
  readonly sent: CloudRequest[] = [];
  private readonly existing = new Map<string, unknown>();

  constructor(
    private readonly respond: (request: CloudRequest) => unknown = () => ({}),
    /** Answers the reads `answer()` did not declare, as the API would. */
    private readonly look: (read: CloudRequest) => unknown = () => undefined,
  ) {}

  /** Declares the response the API gives to a read, as the API documents it. */
  answer(read: CloudRequest, response: unknown): this {
    this.existing.set(keyOf(read), response);
    return this;
  }

  async get(read: CloudRequest): Promise<unknown> {
    this.reads.push(read);
    const key = keyOf(read);
    return this.existing.has(key) ? this.existing.get(key) : this.look(read);
  }

  async apply(request: CloudRequest): Promise<unknown> {
    this.sent.push(request);
    return this.respond(request);
  }
}
