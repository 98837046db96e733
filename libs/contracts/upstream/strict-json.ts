import { createScanner, SyntaxKind, type JSONScanner } from 'jsonc-parser';
import type { FieldError } from '@ledger/kernel';
import { joinPath, keyStep } from '@ledger/kernel';

/**
 * The one reader of JSON that arrives from outside (request bodies, Kafka message values, CLI
 * files). JSON.parse alone is too lenient for a ledger:
 * - bytes that are not UTF-8 become U+FFFD when decoded leniently, so two different ids can read
 *   as one: the bytes are decoded with a fatal TextDecoder instead;
 * - a repeated key in one object silently keeps the last value: refused, naming the key;
 * - nesting deeper than MAX_JSON_DEPTH levels is refused before anything walks it recursively;
 * - an escaped unpaired surrogate ("\ud800") is no Unicode character and cannot be written as
 *   UTF-8 (it would be stored as U+FFFD, collapsing ids again): refused too.
 * JSON.parse still builds the value (it is exact and fast); the checks walk the tokens of
 * jsonc-parser's scanner, which decodes escapes, so "\u0061" and "a" are the same key. The walk
 * keeps an explicit stack, so no input can overflow the call stack.
 */
export const MAX_JSON_DEPTH = 64;

/** At most this many problems are listed: enough to fix a document, never a megabyte of errors. */
const MAX_PROBLEMS = 50;

export type StrictJsonResult = { ok: true; value: unknown } | { ok: false; errors: FieldError[] };

export interface StrictJsonOptions {
  /** What the text is, for messages about the whole of it: "the request body", "the message value". */
  subject: string;
}

/** An escaped surrogate without its partner (the u flag makes a proper pair one code point). */
const UNPAIRED_SURROGATE = /[\uD800-\uDFFF]/u;

export function parseStrictJson(input: Uint8Array | string, options: StrictJsonOptions): StrictJsonResult {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    const decoded = decodeUtf8(input);
    if (!decoded.ok) return { ok: false, errors: [utf8Error(input, decoded.offset, options.subject)] };
    text = decoded.text;
  }
  const walk = walkTokens(text);
  // Depth first: it is the one check worth making before JSON.parse builds anything.
  if (walk.tooDeep) return { ok: false, errors: [walk.tooDeep] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ path: '', message: `${options.subject} is not valid JSON: ${(error as Error).message}` }] };
  }
  return walk.problems.length > 0 ? { ok: false, errors: walk.problems } : { ok: true, value };
}

/** UTF-8 bytes to text; a byte sequence that is not UTF-8 is an error, never U+FFFD. A leading BOM is dropped. */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; offset: number } {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, offset: firstInvalidOffset(bytes) };
  }
}

/**
 * Where the first ill-formed sequence starts, for the message (only called on invalid input). The
 * longest prefix a streaming fatal decoder accepts ends at the bad byte, or inside a sequence
 * that the bad byte breaks (then the sequence's first byte is the place to name).
 */
function firstInvalidOffset(bytes: Uint8Array): number {
  const acceptsPrefix = (length: number, stream: boolean) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream });
      return true;
    } catch {
      return false;
    }
  };
  let [low, high] = [0, bytes.length]; // acceptsPrefix(low) holds; find the largest such length.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (acceptsPrefix(middle, true)) low = middle;
    else high = middle - 1;
  }
  if (acceptsPrefix(low, false)) return low;
  let start = low;
  while (start > 0 && (bytes[start - 1] & 0xc0) === 0x80) start -= 1;
  return start > 0 ? start - 1 : low;
}

function utf8Error(bytes: Uint8Array, offset: number, subject: string): FieldError {
  const where = `byte 0x${bytes[offset].toString(16).toUpperCase().padStart(2, '0')} at offset ${offset}`;
  // The valid prefix decodes alike in both decoders, so the lenient text locates the bad bytes.
  const position = new TextDecoder('utf-8').decode(bytes.subarray(0, offset)).length;
  const lenient = new TextDecoder('utf-8').decode(bytes);
  const path = stringPathAt(lenient, position);
  if (path === undefined) return { path: '', message: `${subject} is not valid UTF-8 text (${where}); send JSON encoded as UTF-8` };
  return { path, message: `is not valid UTF-8 text (${where} of ${subject})` };
}

interface Frame {
  kind: 'object' | 'array';
  path: string;
  /** Objects: the keys seen so far, and the key of the member being read. */
  keys: Set<string>;
  key: string;
  awaitingKey: boolean;
  /** Arrays: index of the element being read. */
  index: number;
}

interface Walk {
  problems: FieldError[];
  tooDeep?: FieldError;
}

function pathOfNextValue(frame: Frame | undefined): string {
  if (!frame) return '';
  return joinPath(frame.path, keyStep(frame.kind === 'array' ? frame.index : frame.key));
}

/**
 * One pass over the tokens with an explicit stack of open objects and arrays. On text that is not
 * JSON the findings may be meaningless; the caller then reports JSON.parse's error instead.
 */
function walkTokens(text: string, onString?: (scanner: JSONScanner, path: string, isKey: boolean) => boolean): Walk {
  const scanner = createScanner(text, true);
  const frames: Frame[] = [];
  const problems: FieldError[] = [];
  const report = (problem: FieldError) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    const top = frames[frames.length - 1];
    switch (token) {
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken: {
        const path = pathOfNextValue(top);
        if (frames.length === MAX_JSON_DEPTH) {
          return { problems, tooDeep: { path, message: `nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays` } };
        }
        frames.push({
          kind: token === SyntaxKind.OpenBraceToken ? 'object' : 'array',
          path,
          keys: new Set(),
          key: '',
          awaitingKey: true,
          index: 0,
        });
        break;
      }
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        frames.pop();
        break;
      case SyntaxKind.CommaToken:
        if (top?.kind === 'array') top.index += 1;
        else if (top) top.awaitingKey = true;
        break;
      case SyntaxKind.StringLiteral: {
        const value = scanner.getTokenValue();
        const isKey = top?.kind === 'object' && top.awaitingKey;
        if (isKey) {
          top.awaitingKey = false;
          top.key = value;
        }
        const path = pathOfNextValue(top);
        if (onString && onString(scanner, path, isKey)) return { problems };
        if (isKey && top.keys.has(value)) report({ path, message: 'is repeated in this object; a field may appear only once' });
        if (isKey) top.keys.add(value);
        if (UNPAIRED_SURROGATE.test(value)) {
          report({
            path,
            message: `${isKey ? 'the field name ' : ''}contains an unpaired surrogate escape such as "\\ud800", which is not a Unicode character`,
          });
        }
        break;
      }
    }
  }
  return { problems };
}

/** The path of the string token that covers `position` of the text, or undefined when no string does. */
function stringPathAt(text: string, position: number): string | undefined {
  let found: string | undefined;
  walkTokens(text, (scanner, path) => {
    const start = scanner.getTokenOffset();
    if (position < start) return true;
    if (position < start + scanner.getTokenLength()) {
      found = path;
      return true;
    }
    return false;
  });
  return found;
}
