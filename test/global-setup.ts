import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Tests that spawn the CLI run the compiled code: build it once, fresh, before any test. */
export default function setup(): void {
  const root = path.resolve(__dirname, '..');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}
