// How configuration read from environment variables is named, and which variable each setting came from.

/** `hsa-provider` = `HSA_PROVIDER`. */
export function envName(id: string): string {
  return id.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** The variable `configFromEnv` reads a setting from: (`conomy`, `clientSecret`) = `PAYLINKS_CONOMY_CLIENT_SECRET`. */
export function envVariable(id: string, setting: string): string {
  return `PAYLINKS_${envName(id)}_${setting.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/** Where `configFromEnv` read each setting from (`costplus.baseurl` = `PAYLINKS_COSTPLUS_BASEURL`). */
export const envOrigin = Symbol.for('paylinks.envOrigin');

export function originOf(settings: unknown, key: string): string | undefined {
  const origins = (settings as { [envOrigin]?: Readonly<Record<string, string>> })[envOrigin];
  return origins?.[key];
}
