/**
 * Start-up check of the Pulumi CLI, which the Automation API drives. Without it every stack
 * operation would fail with `spawn pulumi ENOENT` at the first job; the driver checks at start
 * instead and stops the provisioner with what to install.
 */
import { PulumiCommand } from '@pulumi/pulumi/automation/index.js'
import { DriverError } from '../types.ts'

/** Where the CLI is installed by Pulumi's script: `<root>/bin/pulumi`. */
export const PULUMI_INSTALL_HINT =
  'install the Pulumi CLI: `curl -fsSL https://get.pulumi.com | sh` (puts it in ~/.pulumi/bin; add that to PATH), ' +
  'or set LYCEUM_PULUMI_CLI_ROOT to an installation directory (the one holding bin/pulumi)'

/**
 * Finds the Pulumi CLI (`PulumiCommand.get`: `pulumi` on PATH, or `<root>/bin/pulumi`) and checks
 * that it is recent enough for this SDK.
 * @param options.root an installation directory (LYCEUM_PULUMI_CLI_ROOT); default: PATH.
 * @throws DriverError `unavailable`, not retryable, saying what to install, when it is missing
 *   or too old.
 */
export async function findPulumiCli(options: { root?: string } = {}): Promise<PulumiCommand> {
  try {
    return await PulumiCommand.get(options.root ? { root: options.root } : {})
  } catch (error) {
    const where = options.root ? `${options.root}/bin/pulumi` : '`pulumi` on PATH'
    const detail = (error as Error).message.split('\n').find((line) => line.trim()) ?? String(error)
    throw new DriverError(
      'unavailable',
      `The pulumi driver needs the Pulumi CLI, and ${where} could not be run (${detail.trim()}): ${PULUMI_INSTALL_HINT}.`,
      { retryable: false, cause: error },
    )
  }
}
