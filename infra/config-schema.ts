// The shape of a stack setting's one declaration (config-settings.ts), and the types derived from it: the typed
// config every component receives is computed from the declarations, never written out a second time.
import type { Output } from "@pulumi/pulumi";
import type { SettingKind } from "./config-kinds.js";

/** The Pulumi namespace of the project's own keys (`rusty-saas:<key>`). */
export const configNamespace = "rusty-saas";

export interface Setting<T> {
  /** The stack-file key: bare for the project's namespace (`dbReplicaCount`), full for another one (`aws:region`). */
  readonly key: string;
  /** What the setting means, for infra/README.md; its bounds are the kind's and the rules' to state. */
  readonly description: string;
  readonly kind: SettingKind<T>;
  /** The value as a stack file would write it, used when a stack leaves the key out; without one, required. */
  readonly default?: string;
  /** Set with `pulumi config set --secret`: the program passes it on as a Pulumi secret and never prints it. */
  readonly secret?: true;
}

/** A check across settings of one group; its problem names `field`'s key. */
export interface SettingRule<V> {
  readonly field: keyof V & string;
  /** The constraint in words, shown beside the field's allowed values in the README. */
  readonly allowed: string;
  /** Every field the check reads; the rule runs only when all of them (and `field`) parsed. */
  readonly uses: readonly (keyof V & string)[];
  check(values: V): string | undefined;
}

export interface SettingGroup<S> {
  readonly settings: S;
  readonly rules: readonly SettingRule<ValuesOf<S>>[];
}

/** Any group, as the parser walks it (its rules checked only against values it parsed). */
export interface AnySettingGroup {
  readonly settings: Readonly<Record<string, Setting<unknown>>>;
  readonly rules: readonly {
    readonly field: string;
    readonly allowed: string;
    readonly uses: readonly string[];
    check(values: Readonly<Record<string, unknown>>): string | undefined;
  }[];
}

type AnySetting = Setting<unknown>;

export type SettingValue<S> =
  S extends Setting<infer T> ? (S extends { readonly secret: true } ? Output<T> : T) : never;

export type ValuesOf<S> = { readonly [F in keyof S]: SettingValue<S[F]> };

/** The typed config of a map of groups: one object of values per group. */
export type InfraConfigOf<G> = { readonly [K in keyof G]: G[K] extends SettingGroup<infer S> ? ValuesOf<S> : never };

/** Builds a rule whose check may read only the fields it lists. */
export type RuleMaker<V> = <const U extends keyof V & string>(rule: {
  readonly field: keyof V & string;
  readonly allowed: string;
  readonly uses: readonly U[];
  readonly check: (values: Pick<V, U>) => string | undefined;
}) => SettingRule<V>;

/**
 * Declares a group of settings (one per component) and the rules between them. `rules` receives a rule maker
 * and `key`, which turns a field into its stack-file key so a message never spells a key that could go stale.
 */
export function group<const S extends Record<string, AnySetting>>(
  settings: S,
  rules?: (rule: RuleMaker<ValuesOf<S>>, key: (field: keyof S) => string) => readonly SettingRule<ValuesOf<S>>[],
): SettingGroup<S> {
  const rule: RuleMaker<ValuesOf<S>> = (declared) => ({ ...declared, uses: [...declared.uses] });
  const key = (field: keyof S) => settings[field]!.key;
  return { settings, rules: rules?.(rule, key) ?? [] };
}

/** `rusty-saas:<key>` for the project's keys; keys of another namespace are declared in full. */
export function fullKey(setting: Pick<AnySetting, "key">): string {
  return setting.key.includes(":") ? setting.key : `${configNamespace}:${setting.key}`;
}
