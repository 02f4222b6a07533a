// A call's own values (its secrets, its personal data) found in text a server sent, by plain
// searches on a folded copy of the text: one pass per value, whatever the text holds. Patterns built
// from the values were quadratic on near misses and, for a value of 8,000 digits, failed to compile
// at all ("Stack overflow"); and they did not find a value echoed in base64 (issue 28).

/** What to write in place of a value found in text. */
export interface KnownValue {
  readonly value: string;
  readonly replacement: string;
  /**
   * Also found with separators between its digits (`1-868-555-0199`, `+1 (868) 555 0199`) and with
   * `%40` for its `@`: the spellings a server gives a phone number or an e-mail back in.
   */
  readonly spelled?: boolean;
}

/** Encoded forms shorter than this are not searched for: too likely to match by chance. */
const MIN_ENCODED_LENGTH = 6;
/** Where the characters that hold only the value's bits start, when 0, 1 or 2 bytes come before it. */
const ALIGNED_START = [0, 2, 3];

/** The UTF-8 bytes of a value, one character per byte, as btoa takes them. */
function utf8Binary(value: string): string {
  const bytes = new TextEncoder().encode(value);
  let binary = "";
  for (let index = 0; index < bytes.length; index += 8192) binary += String.fromCharCode(...bytes.subarray(index, index + 8192));
  return binary;
}

/**
 * The forms a server may echo a value in beside its own: percent-encoded, and base64 and base64url
 * as the value alone and as part of a longer encoded text (`Basic <user:key in base64>`), whichever
 * of the three byte alignments it sits at. A part of a longer text leaves out the characters that
 * also hold bits of the bytes around it.
 */
export function encodedForms(value: string): string[] {
  const forms: string[] = [];
  try {
    forms.push(encodeURIComponent(value));
  } catch {
    // A lone surrogate has no percent-encoding; nor can a server have echoed one.
  }
  const binary = utf8Binary(value);
  const alone = btoa(binary);
  forms.push(alone, alone.replace(/=+$/, ""));
  for (let offset = 0; offset < 3; offset++) {
    const encoded = btoa("\0".repeat(offset) + binary);
    const rest = (offset + binary.length) % 3;
    forms.push(encoded.slice(ALIGNED_START[offset], rest === 0 ? encoded.length : encoded.length - (rest === 1 ? 3 : 2)));
  }
  const withUrlAlphabet = forms.map((form) => form.replaceAll("+", "-").replaceAll("/", "_"));
  return [...new Set([...forms, ...withUrlAlphabet])].filter((form) => form.length >= MIN_ENCODED_LENGTH && form !== value);
}

/** ASCII and most letters lower-cased one UTF-16 unit at a time, so that an index in it is one in the text. */
function caseFolded(text: string): string {
  let lowered = text.toLowerCase();
  if (lowered.length !== text.length) {
    // U+0130 lower-cases to two units: fold unit by unit.
    lowered = "";
    for (let index = 0; index < text.length; index++) {
      const lower = text[index]!.toLowerCase();
      lowered += lower.length === 1 ? lower : text[index];
    }
  }
  // A final sigma lower-cases to ς, the same letter inside a word to σ.
  return lowered.replaceAll("ς", "σ");
}

const isDigit = (code: number) => code >= 48 && code <= 57;
/** What may sit between the digits of a number as a server writes it back: white space, ( ) . + - */
const isDigitSeparator = (code: number) => code === 40 || code === 41 || code === 46 || code === 43 || code === 45 || (code <= 32 ? code >= 9 : code >= 0x80 && String.fromCharCode(code).trim() === "");

/**
 * The case-folded text with the separators between two digits left out and `%40` read as `@`,
 * and for each of its units where it starts and ends in the text.
 */
function spellingFolded(folded: string): { text: string; starts: Int32Array; ends: Int32Array } {
  const starts = new Int32Array(folded.length);
  const ends = new Int32Array(folded.length);
  let text = "";
  let kept = 0;
  // Units are copied a run at a time: from runStart to the unit being read.
  let runStart = 0;
  let index = 0;
  const skip = (to: number, replacement: string) => {
    text += folded.slice(runStart, index) + replacement;
    if (replacement) {
      starts[kept] = index;
      ends[kept++] = to;
    }
    index = runStart = to;
  };
  while (index < folded.length) {
    const code = folded.charCodeAt(index);
    if (code === 37 && folded.startsWith("%40", index)) {
      skip(index + 3, "@");
      continue;
    }
    if (isDigitSeparator(code) && index > 0 && isDigit(folded.charCodeAt(index - 1))) {
      let end = index + 1;
      while (end < folded.length && isDigitSeparator(folded.charCodeAt(end))) end++;
      if (isDigit(folded.charCodeAt(end))) {
        skip(end, "");
        continue;
      }
    }
    starts[kept] = index;
    ends[kept++] = index + 1;
    index++;
  }
  text += folded.slice(runStart);
  return { text, starts, ends };
}

interface Found {
  start: number;
  end: number;
  replacement: string;
}

/** Every place where `needle` occurs in `haystack`, left to right, not overlapping. */
function occurrences(haystack: string, needle: string, found: (start: number, end: number) => void): void {
  if (needle === "") return;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) found(at, at + needle.length);
}

/**
 * The text with each known value (any case; spelled ones in their spellings too) replaced. Where
 * found values overlap, the whole stretch they cover is replaced, by the first one's replacement or,
 * when a secret is among them, by the secret's: nothing of a secret is left showing.
 */
export function replaceKnown(text: string, values: readonly KnownValue[], secretReplacement: string): string {
  if (values.length === 0 || text === "") return text;
  const folded = caseFolded(text);
  const found: Found[] = [];
  let spelling: ReturnType<typeof spellingFolded> | undefined;
  for (const { value, replacement, spelled } of values) {
    if (!spelled) {
      occurrences(folded, caseFolded(value), (start, end) => found.push({ start, end, replacement }));
      continue;
    }
    spelling ??= spellingFolded(folded);
    const view = spelling;
    occurrences(view.text, spellingFolded(caseFolded(value)).text, (start, end) => found.push({ start: view.starts[start]!, end: view.ends[end - 1]!, replacement }));
  }
  if (found.length === 0) return text;
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  let result = "";
  let shownUpTo = 0;
  let current: Found | undefined;
  for (const next of found) {
    if (current && next.start < current.end) {
      current.end = Math.max(current.end, next.end);
      if (next.replacement === secretReplacement) current.replacement = secretReplacement;
      continue;
    }
    if (current) {
      result += text.slice(shownUpTo, current.start) + current.replacement;
      shownUpTo = current.end;
    }
    current = { ...next };
  }
  result += text.slice(shownUpTo, current!.start) + current!.replacement;
  return result + text.slice(current!.end);
}
