// `npm run mutation [-- group ...]`: mutation testing of the core modules with Stryker, one
// group at a time (test/mutation/groups.json): each group's mutants are tested by the test
// files that exercise them, not by every test that happens to reach them. Incremental: a rerun
// tests only the mutants whose code or tests changed. Prints each group's score and the total,
// and fails under 90%. Not part of `npm test` (it runs the tests hundreds of times).
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'

const THRESHOLD = 90
const { groups } = JSON.parse(readFileSync('test/mutation/groups.json', 'utf8'))
const base = JSON.parse(readFileSync('stryker.config.json', 'utf8'))
// `--fresh` forgets a group's earlier results: the command runner sees the whole run as one
// test, so a change to the tests alone is not noticed by the incremental run.
const fresh = process.argv.includes('--fresh')
const chosen = process.argv.slice(2).filter((argument) => argument !== '--fresh')
for (const name of chosen) {
  if (groups[name] === undefined) {
    console.error(`Unknown group '${name}'. Groups: ${Object.keys(groups).join(', ')}`)
    process.exit(2)
  }
}

mkdirSync('.stryker-tmp', { recursive: true })
const scores = []
for (const [name, group] of Object.entries(groups)) {
  if (chosen.length > 0 && !chosen.includes(name)) continue
  const config = {
    ...base,
    mutate: group.mutate,
    incrementalFile: `test/mutation/incremental/${name}.json`,
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    htmlReporter: { fileName: `reports/mutation/${name}.html` },
    // The total is judged below, over every group.
    thresholds: { ...base.thresholds, break: null },
  }
  if (fresh) rmSync(config.incrementalFile, { force: true })
  const configFile = `.stryker-tmp/${name}.config.json`
  writeFileSync(configFile, JSON.stringify(config, null, 2))
  console.log(`\n== ${name}: ${group.mutate.join(', ')}`)
  const run = spawnSync('npx', ['stryker', 'run', configFile], {
    stdio: 'inherit',
    env: { ...process.env, MUTATION_TESTS: group.tests.join(',') },
  })
  if (run.status !== 0) process.exit(run.status ?? 1)
  scores.push({ name, ...countMutants(`reports/mutation/${name}.json`) })
}

// Stryker's score: killed and timed out, over every mutant that is not ignored, equivalent-free
// by hand (an equivalent mutant is marked with a `// Stryker disable next-line` comment and a reason).
function countMutants (report) {
  const { files } = JSON.parse(readFileSync(report, 'utf8'))
  let detected = 0
  let valid = 0
  for (const file of Object.values(files)) {
    for (const mutant of file.mutants) {
      if (mutant.status === 'Ignored' || mutant.status === 'CompileError' || mutant.status === 'RuntimeError') continue
      valid++
      if (mutant.status === 'Killed' || mutant.status === 'Timeout') detected++
    }
  }
  return { detected, valid }
}

console.log('\nMutation score by group')
let detected = 0
let valid = 0
for (const score of scores) {
  detected += score.detected
  valid += score.valid
  console.log(`  ${score.name.padEnd(18)} ${(100 * score.detected / score.valid).toFixed(1).padStart(5)}%  (${score.detected} of ${score.valid})`)
}
const total = valid === 0 ? 100 : 100 * detected / valid
console.log(`  ${'total'.padEnd(18)} ${total.toFixed(1).padStart(5)}%  (${detected} of ${valid}); threshold ${THRESHOLD}%`)
if (total < THRESHOLD) process.exit(1)
