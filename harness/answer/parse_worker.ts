// Worker body: parses one answer off the caller's event loop (see bounded.ts) and posts the
// edits back. Lists are cut just past MAX_EDITS (such an answer is refused whole anyway) so
// that copying a flood of tiny blocks back does not stall the receiving loop.
/// <reference lib="deno.worker" />
import { MAX_EDITS, parseAnswer } from "./parse.ts";

self.onmessage = (e: MessageEvent<string>) => {
  const { edits, unnamedBlocks } = parseAnswer(e.data);
  self.postMessage({
    edits: edits.slice(0, MAX_EDITS + 1),
    unnamedBlocks: unnamedBlocks.slice(0, MAX_EDITS + 1),
  });
};
