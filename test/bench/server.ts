// Starts one benchmark app on the port given: `server.ts <app> <port>`. Prints "ready" when listening.
const [appName, port] = process.argv.slice(2)
const { build } = await import(`./apps/${appName}.ts`) as { build: () => Promise<import('fastify').FastifyInstance> }
const app = await build()
await app.listen({ port: Number(port), host: '127.0.0.1' })
process.stdout.write('ready\n')
