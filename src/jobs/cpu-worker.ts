// Runs on the CPU pool's worker threads: loads a task module and calls the function a task
// names. Imports nothing, so that Node runs it as it is, from its TypeScript source too.
// What the function throws comes back as data: a thread's errors lose their class and
// fields on the way, and an HTTPException's status must survive it.

interface Task { module: string, name: string, argument: unknown }

export type Outcome =
  | { ok: true, value: unknown }
  | { ok: false, error: { name: string, message: string, stack: string | undefined, status: number | undefined, detail: unknown, headers: unknown } }

const modules = new Map<string, Promise<Record<string, unknown>>>()

export default async function runCpuTask (task: Task): Promise<Outcome> {
  try {
    let loading = modules.get(task.module)
    if (loading === undefined) modules.set(task.module, loading = import(task.module) as Promise<Record<string, unknown>>)
    const fn = (await loading)[task.name]
    if (typeof fn !== 'function') throw new TypeError(`cpuTask(): the module ${task.module} has no exported function '${task.name}'.`)
    return { ok: true, value: await (fn as (argument: unknown) => unknown)(task.argument) }
  } catch (thrown) {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown))
    const fields = error as Error & { status?: unknown, detail?: unknown, headers?: unknown }
    return {
      ok: false,
      error: {
        name: error.name,
        message: error.message,
        stack: error.stack,
        status: typeof fields.status === 'number' ? fields.status : undefined,
        detail: fields.detail,
        headers: fields.headers,
      },
    }
  }
}
