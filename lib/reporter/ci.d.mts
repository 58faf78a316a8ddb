export interface CiBuild {
  provider: string;
  buildId: string;
  label: string;
  url?: string;
}
export function detectCi(env: Record<string, string | undefined>): CiBuild | null;
export function generateBuildId(now?: Date): string;
export function resolveBuild(
  env: Record<string, string | undefined>,
  explicit: string | undefined,
  tool: string,
): { ciBuildId: string; runName: string; description: string };
export const BUILD_VARIABLES: string[];
export function detectBuild(env: Record<string, string | undefined>, explicit?: string): string | undefined;
