import type { CloudApi, CloudRequest } from "./api";

const keyOf = (r: CloudRequest) => `${r.api} ${r.method} ${JSON.stringify(r.request)}`;

/**
 * A CloudApi that sends nothing: reads answer from the responses it was given (none: every
 * resource is missing) and every change is recorded, so a dry run or a test sees exactly what a
 * real run would send.
 */
export class RecordingCloudApi implements CloudApi {
  readonly reads: CloudRequest[] = [];
  readonly sent: CloudRequest[] = [];
  private readonly existing = new Map<string, unknown>();

  constructor(private readonly respond: (request: CloudRequest) => unknown = () => ({})) {}

  /** Declares the response the API gives to a read, as the API documents it. */
  answer(read: CloudRequest, response: unknown): this {
    this.existing.set(keyOf(read), response);
    return this;
  }

  async get(read: CloudRequest): Promise<unknown> {
    this.reads.push(read);
    return this.existing.get(keyOf(read));
  }

  async apply(request: CloudRequest): Promise<unknown> {
    this.sent.push(request);
    return this.respond(request);
  }
}
