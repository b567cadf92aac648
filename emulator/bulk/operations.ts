/** Bulk operations lifecycle: CREATED → RUNNING → COMPLETED | FAILED | CANCELED, then bulk_operations/finish. */
import { Writable } from "node:stream";
import { executePrepared, prepareDocument } from "../graphql/execute";
import { gid } from "../graphql/format";
import type { ResolverContext } from "../graphql/views";
import {
  type BulkErrorCode,
  type BulkOperationRecord,
  type BulkUserError,
  type EmulatorCore,
  type ShopState,
  nextId,
} from "../state";
import { bulkFinishPayload } from "../webhooks/payloads";
import { bulkRootNodes, planBulkQuery, writeBulkJsonl } from "./jsonl";

export interface BulkRunnerOptions {
  stepMs: number;
  maxConcurrentPerShop: number;
}

class BufferSink extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void) {
    this.chunks.push(Buffer.from(chunk));
    callback();
  }
  toBuffer() {
    return Buffer.concat(this.chunks);
  }
}

/** the status may change while an operation awaits (cancel), so read it through a function */
function canceling(op: BulkOperationRecord): boolean {
  return op.status === "CANCELING";
}

export class BulkRunner {
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private stopped = false;
  constructor(
    private readonly core: EmulatorCore,
    private readonly options: BulkRunnerOptions,
    private readonly context: (shop: ShopState) => ResolverContext,
    private readonly emit: (shop: ShopState, topic: string, payload: unknown) => void,
  ) {}

  private sleep(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.set(timer, resolve);
    });
  }

  private inProgress(shop: ShopState, type: "QUERY" | "MUTATION"): BulkOperationRecord[] {
    return [...shop.bulkOperations.values()].filter(
      (op) => op.type === type && (op.status === "CREATED" || op.status === "RUNNING" || op.status === "CANCELING"),
    );
  }

  private create(
    shop: ShopState,
    type: "QUERY" | "MUTATION",
    query: string,
    groupObjects: boolean,
    stagedUploadPath: string | null,
  ): BulkOperationRecord {
    const op: BulkOperationRecord = {
      id: nextId(shop.store),
      type,
      status: "CREATED",
      query,
      groupObjects,
      createdAt: shop.store.now,
      completedAt: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      errorCode: null,
      file: null,
      partialFile: null,
      stagedUploadPath,
    };
    shop.bulkOperations.set(op.id, op);
    return op;
  }

  private busy(shop: ShopState, type: "QUERY" | "MUTATION"): BulkUserError | null {
    const active = this.inProgress(shop, type);
    if (active.length < this.options.maxConcurrentPerShop) return null;
    const noun = type === "QUERY" ? "query" : "mutation";
    return {
      field: null,
      message: `A bulk ${noun} operation for this app and shop is already in progress: ${gid("BulkOperation", active[0].id)}.`,
      code: "OPERATION_IN_PROGRESS",
    };
  }

  startQuery(shop: ShopState, query: string, groupObjects: boolean) {
    const busy = this.busy(shop, "QUERY");
    if (busy) return { operation: null, userErrors: [busy] };
    const planned = planBulkQuery(this.core, query);
    if ("errors" in planned)
      return { operation: null, userErrors: planned.errors.map((message) => ({ field: ["query"], message, code: "INVALID" })) };
    const op = this.create(shop, "QUERY", query, groupObjects, null);
    const failWith = shop.bulkSwitches.failNext;
    shop.bulkSwitches.failNext = null;
    this.track(
      this.run(shop, op, failWith, async (sink, limit) => {
        const ctx = this.context(shop);
        return writeBulkJsonl(ctx, planned.plan, bulkRootNodes(ctx, planned.plan), sink, {
          limit,
          shouldStop: () => op.status === "CANCELING" || this.stopped,
        });
      }),
    );
    return { operation: op, userErrors: [] };
  }

  startMutation(shop: ShopState, mutation: string, stagedUploadPath: string, _clientIdentifier: string | null) {
    const busy = this.busy(shop, "MUTATION");
    if (busy) return { operation: null, userErrors: [busy] };
    const prepared = prepareDocument(this.core, mutation, null);
    if ("errors" in prepared || prepared.operation.operation !== "mutation") {
      const message =
        "errors" in prepared
          ? prepared.errors.map((e) => e.message).join("; ")
          : "Invalid mutation: the document is not a mutation.";
      return { operation: null, userErrors: [{ field: ["mutation"], message, code: "INVALID_MUTATION" }] };
    }
    const upload = shop.stagedUploads.get(stagedUploadPath);
    if (!upload) {
      return {
        operation: null,
        userErrors: [
          {
            field: null,
            message:
              "The JSONL file could not be found. Try uploading the file again, and check that you've entered the URL correctly for the stagedUploadPath mutation argument.",
            code: "NO_SUCH_FILE",
          },
        ],
      };
    }
    const op = this.create(shop, "MUTATION", mutation, false, stagedUploadPath);
    const failWith = shop.bulkSwitches.failNext;
    shop.bulkSwitches.failNext = null;
    this.track(
      this.run(shop, op, failWith, async (sink, limit) => {
        const lines = upload
          .toString("utf8")
          .split("\n")
          .filter((line) => line.trim() !== "");
        let objectCount = 0;
        let bytes = 0;
        const ctx = this.context(shop);
        for (const [index, line] of lines.entries()) {
          if (limit != null && index >= limit) break;
          if (op.status === "CANCELING" || this.stopped) break;
          let variables: Record<string, unknown>;
          let outLine: Record<string, unknown>;
          try {
            variables = JSON.parse(line) as Record<string, unknown>;
            const result = await executePrepared(ctx, prepared, variables);
            outLine = {
              data: result.data ?? null,
              ...(result.errors?.length ? { errors: result.errors.map((e) => e.toJSON()) } : {}),
              __lineNumber: index,
            };
          } catch (error) {
            outLine = {
              errors: [{ message: `Invalid JSON on line ${index + 1}: ${(error as Error).message}` }],
              __lineNumber: index,
            };
          }
          const text = `${JSON.stringify(outLine)}\n`;
          bytes += Buffer.byteLength(text);
          sink.write(text);
          objectCount++;
        }
        return { objectCount, rootObjectCount: objectCount, bytes };
      }),
    );
    return { operation: op, userErrors: [] };
  }

  cancel(shop: ShopState, id: number) {
    const op = shop.bulkOperations.get(id);
    if (!op) return { operation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
    if (op.status !== "CREATED" && op.status !== "RUNNING") {
      return {
        operation: op,
        userErrors: [{ field: null, message: `A bulk operation cannot be canceled when it is ${op.status.toLowerCase()}` }],
      };
    }
    op.status = "CANCELING";
    return { operation: op, userErrors: [] };
  }

  private track(promise: Promise<void>) {
    this.pending.add(promise);
    promise
      .catch((error) => this.core.log(`bulk operation crashed: ${(error as Error).stack ?? error}`))
      .finally(() => this.pending.delete(promise));
  }

  private async run(
    shop: ShopState,
    op: BulkOperationRecord,
    failWith: BulkErrorCode | null,
    produce: (
      sink: BufferSink,
      limit: number | undefined,
    ) => Promise<{ objectCount: number; rootObjectCount: number; bytes: number }>,
  ) {
    await this.sleep(this.options.stepMs);
    if (this.stopped) return;
    if (op.status === "CANCELING") return this.finish(shop, op, "CANCELED");
    op.status = "RUNNING";
    await this.sleep(this.options.stepMs);
    while (shop.bulkSwitches.hold && !this.stopped && op.status === "RUNNING") await this.sleep(this.options.stepMs);
    if (this.stopped) return;
    if (canceling(op)) return this.finish(shop, op, "CANCELED");
    const sink = new BufferSink();
    if (failWith) {
      // a failing operation has written some data first: Shopify exposes it as partialDataUrl
      const all = await produce(new BufferSink(), undefined);
      const partial = await produce(sink, Math.floor(all.rootObjectCount / 2));
      op.partialFile = sink.toBuffer();
      op.objectCount = partial.objectCount;
      op.rootObjectCount = partial.rootObjectCount;
      op.errorCode = failWith;
      return this.finish(shop, op, "FAILED");
    }
    const result = await produce(sink, undefined);
    if (canceling(op)) {
      op.partialFile = sink.toBuffer();
      return this.finish(shop, op, "CANCELED");
    }
    op.file = sink.toBuffer();
    op.objectCount = result.objectCount;
    op.rootObjectCount = result.rootObjectCount;
    op.fileSize = op.file.length;
    await this.sleep(this.options.stepMs);
    return this.finish(shop, op, "COMPLETED");
  }

  private finish(shop: ShopState, op: BulkOperationRecord, status: "COMPLETED" | "FAILED" | "CANCELED") {
    op.status = status;
    op.completedAt = status === "CANCELED" ? null : shop.store.now;
    this.core.log(`bulk operation ${op.id} ${status.toLowerCase()} (${op.objectCount} objects)`);
    this.emit(shop, "bulk_operations/finish", bulkFinishPayload(op, shop.store.shop.ianaTimezone));
  }

  /** Resolves when no bulk operation is running any more. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  stop() {
    this.stopped = true;
    for (const [timer, resolve] of this.timers) {
      clearTimeout(timer);
      resolve();
    }
    this.timers.clear();
  }
}
