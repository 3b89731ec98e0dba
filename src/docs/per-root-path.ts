// Documents and pages are kept per root path. Past this many (each new one a trusted proxy's
// X-Forwarded-Prefix), the others are made at each visit rather than kept.
const KEPT = 32

/** A memo of texts (or pages) made once per key (a root path, with what else names the text), bounded. */
export function perRootPath<TText = string> (): (key: string, make: () => TText) => TText {
  const texts = new Map<string, TText>()
  return (key, make) => {
    let text = texts.get(key)
    if (text === undefined) {
      text = make()
      if (texts.size < KEPT) texts.set(key, text)
    }
    return text
  }
}
