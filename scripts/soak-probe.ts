// Loaded into the shop's process by `npm run soak` (node --import): every `--interval` it
// sends the parent its memory and event-loop delay over the IPC channel, and on request the
// heap after a full garbage collection (node --expose-gc). The shop itself runs unchanged.
import type { Server } from 'node:net'
import { monitorEventLoopDelay } from 'node:perf_hooks'

const delay = monitorEventLoopDelay({ resolution: 10 })
delay.enable()

function sample (afterGc: boolean) {
  if (afterGc) (globalThis as { gc?: () => void }).gc?.()
  const memory = process.memoryUsage()
  const value = {
    type: 'sample',
    afterGc,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    external: memory.external,
    eventLoopP99Ms: delay.percentile(99) / 1e6,
    eventLoopMaxMs: delay.max / 1e6,
  }
  delay.reset()
  return value
}

process.on('message', (message: { type?: string }) => {
  if (message.type === 'address') process.send?.({ type: 'address', url: listeningUrl() })
  if (message.type === 'sample') process.send?.(sample(false))
  if (message.type === 'gc-sample') process.send?.(sample(true))
})

// The shop's address, read off its listening server (main.ts logs it only at info).
function listeningUrl (): string | undefined {
  const handles = (process as unknown as { _getActiveHandles: () => unknown[] })._getActiveHandles()
  for (const handle of handles) {
    const address = (handle as Partial<Server>).address?.()
    if (typeof address === 'object' && address !== null && (handle as { listening?: boolean }).listening === true && typeof (handle as { on?: unknown }).on === 'function' && 'port' in address) return `http://127.0.0.1:${address.port}`
  }
  return undefined
}
