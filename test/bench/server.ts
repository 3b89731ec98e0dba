// Starts one benchmark app on the port given: `server.ts <app> <port>`, where <app> names a
// module in apps/ that exports `build()`. Prints "ready" when listening.
import type { Listenable } from './apps/listenable.js'

const [appName, port] = process.argv.slice(2)
const { build } = await import(`./apps/${appName}.ts`) as { build: () => Promise<Listenable> }
const app = await build()
await app.listen({ port: Number(port), host: '127.0.0.1' })
process.stdout.write('ready\n')
