// Before anything is measured, every app must answer each endpoint as the baseline does:
// a benchmark of apps doing different work measures nothing.
import { isDeepStrictEqual } from 'node:util'
import type { Endpoint } from './endpoints.js'
import type { Load } from './measure.js'

export interface Answer { status: number, body: unknown, headers?: Record<string, string | null> }

/** What is checked of a response: its status, its body, and the headers the endpoint names. */
export type Checked = Load & { answerHeaders?: readonly string[] }

export async function fetchAnswer (port: number, load: Checked): Promise<Answer> {
  // uvicorn drops idle keep-alive connections after 5 s, and fetch may reuse one that is
  // already closed ("other side closed"): one retry opens a new connection.
  try { return await fetchOnce(port, load) } catch { return await fetchOnce(port, load) }
}

async function fetchOnce (port: number, load: Checked): Promise<Answer> {
  const headers: Record<string, string> = { ...load.headers }
  if (load.body !== undefined) headers['content-type'] = 'application/json'
  if (load.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded'
  const sent = load.form ?? (load.body === undefined ? undefined : JSON.stringify(load.body))
  const res = await fetch(`http://127.0.0.1:${port}${load.path}`, {
    method: load.method,
    headers,
    ...(sent === undefined ? {} : { body: sent }),
  })
  const text = await res.text()
  let body: unknown = text
  try { body = JSON.parse(text) } catch { /* keep the text: the mismatch message shows it */ }
  if (load.answerHeaders === undefined) return { status: res.status, body }
  return { status: res.status, body, headers: Object.fromEntries(load.answerHeaders.map((name) => [name, res.headers.get(name)])) }
}

/** The mismatches against the baseline's answer, one message per app; empty when all agree. */
export function mismatches (endpoint: Endpoint, answers: ReadonlyMap<string, Answer>, baseline: string): string[] {
  const expected = answers.get(baseline)
  if (expected === undefined) return [`no answer from the baseline ${baseline}`]
  const problems: string[] = []
  for (const [app, answer] of answers) {
    const same = endpoint.compare === 'body' ? isDeepStrictEqual(answer, expected) : answer.status === expected.status
    if (!same) problems.push(`${app} answers ${endpoint.label} differently: ${JSON.stringify(answer)} vs ${baseline}'s ${JSON.stringify(expected)}`)
  }
  return problems
}

// FastAPI's 422 since 0.100 (pydantic 2): {detail: [{type, loc, msg, input, ctx?}]}.
const OUR_ITEM_KEYS = new Set(['type', 'loc', 'msg', 'input', 'ctx'])

/**
 * Ours must be FastAPI's 422 shape, with the same `loc` as FastAPI itself when it runs. The
 * Debian FastAPI (0.92, pydantic 1) has no `input` and pydantic 1's `type`/`msg` wording, so
 * beyond `loc` only its keys are checked to be a subset of ours; the report shows both bodies.
 */
export function fastapiShapeProblems (ours: Answer, fastapiPython: Answer | undefined): string[] {
  const itemsOf = (answer: Answer): Array<Record<string, unknown>> | undefined => {
    const detail = (answer.body as { detail?: unknown } | null)?.detail
    return Array.isArray(detail) ? detail as Array<Record<string, unknown>> : undefined
  }
  const mine = itemsOf(ours)
  if (ours.status !== 422 || mine === undefined || mine.length === 0) return [`fastapi's 422 is not {detail: [...]}: ${JSON.stringify(ours)}`]
  const problems: string[] = []
  for (const item of mine) {
    const keys = Object.keys(item)
    if (!['type', 'loc', 'msg', 'input'].every((key) => keys.includes(key)) || !keys.every((key) => OUR_ITEM_KEYS.has(key))) {
      problems.push(`fastapi's 422 item has keys ${keys.join(', ')}, not FastAPI's type, loc, msg, input`)
    }
  }
  const theirs = fastapiPython === undefined ? undefined : itemsOf(fastapiPython)
  if (fastapiPython !== undefined) {
    if (theirs === undefined || theirs.length !== mine.length) {
      problems.push(`fastapi-python's 422 has ${theirs?.length ?? 'no'} items, ours ${mine.length}`)
    } else {
      theirs.forEach((item, index) => {
        const own = mine[index] as Record<string, unknown>
        if (!isDeepStrictEqual(item.loc, own.loc)) problems.push(`422 loc differs: ours ${JSON.stringify(own.loc)}, FastAPI's ${JSON.stringify(item.loc)}`)
        const extra = Object.keys(item).filter((key) => !(key in own))
        if (extra.length > 0) problems.push(`FastAPI's 422 item has keys ours lacks: ${extra.join(', ')}`)
      })
    }
  }
  return problems
}
