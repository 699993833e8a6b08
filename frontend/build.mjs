// Compiles omhub's stylesheet against GOV.UK Frontend and MOJ Frontend and copies their
// fonts, images and scripts into frontend/dist, which Django serves as static files.
import { cpSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'
import { writeFileSync } from 'node:fs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'frontend', 'dist')
const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
const moj = join(root, 'node_modules', '@ministryofjustice', 'frontend', 'moj')

rmSync(dist, { recursive: true, force: true })
mkdirSync(join(dist, 'omhub'), { recursive: true })

cpSync(join(govuk, 'assets'), join(dist, 'govuk', 'assets'), { recursive: true })
cpSync(join(govuk, 'all.bundle.js'), join(dist, 'govuk', 'all.bundle.js'))
cpSync(join(moj, 'assets'), join(dist, 'moj', 'assets'), { recursive: true })
cpSync(join(moj, 'all.bundle.js'), join(dist, 'moj', 'all.bundle.js'))

const css = sass.compile(join(root, 'frontend', 'omhub.scss'), {
  loadPaths: [root],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import', 'global-builtin', 'color-functions', 'slash-div'],
})
writeFileSync(join(dist, 'omhub', 'omhub.css'), css.css)
console.log('frontend built into frontend/dist')
