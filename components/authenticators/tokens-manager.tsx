"use client";

import { useState } from "react";
import { ModalForm } from "@/components/ui/modal-form";
import { Field, inputClass } from "@/components/ui/field";
import { useApiWrite } from "@/components/ui/use-api-write";
import type { AuthenticatorToken } from "@/lib/authenticators/schemas";
import { TotpCode } from "./totp-code";

type Editing = { mode: "create" } | { mode: "edit"; token: AuthenticatorToken } | null;

function text(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/**
 * Shared authenticator (TOTP) tokens of a project. Every member can show a token's current code;
 * project admins add, edit and delete them. Secrets go in once and are never shown again.
 */
export function TokensManager({ projectKey, tokens, canManage }: { projectKey: string; tokens: AuthenticatorToken[]; canManage: boolean }) {
  const { run, pending, error, setError } = useApiWrite();
  const [editing, setEditing] = useState<Editing>(null);
  const [shown, setShown] = useState<Set<string>>(new Set());
  const [source, setSource] = useState<"secret" | "uri">("secret");
  const base = `/api/projects/${projectKey}/authenticator-tokens`;

  function open(next: Editing) {
    setError(null);
    setSource("secret");
    setEditing(next);
  }

  async function submit(form: FormData) {
    const secretValue = text(form, source === "uri" ? "otpauthUri" : "secret");
    const body: Record<string, unknown> = {
      name: text(form, "name"),
      issuer: text(form, "issuer") ?? "",
      account: text(form, "account") ?? "",
    };
    if (source === "uri") {
      if (secretValue) body.otpauthUri = secretValue;
    } else {
      if (secretValue) body.secret = secretValue;
      body.algorithm = text(form, "algorithm");
      body.digits = Number(text(form, "digits"));
      body.period = Number(text(form, "period"));
    }
    if (source === "uri") {
      // The URI carries its own issuer and account unless the admin typed them.
      if (!text(form, "issuer")) delete body.issuer;
      if (!text(form, "account")) delete body.account;
    }
    const ok = editing?.mode === "edit" ? await run("PATCH", `${base}/${editing.token.id}`, body) : await run("POST", base, body);
    if (ok) setEditing(null);
  }

  const toggle = (id: string) =>
    setShown((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const current = editing?.mode === "edit" ? editing.token : null;

  return (
    <div className="space-y-3" data-testid="authenticator-tokens">
      {tokens.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-5 py-6 text-center text-sm text-slate-600">
          <p className="font-medium text-slate-700">No shared authenticator tokens yet</p>
          <p className="mt-1">
            Store the TOTP secret of a test account once; testers then see its current code in the execution view of every case tagged with the token's name.
          </p>
        </div>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {tokens.map((t) => (
            <li key={t.id} className="px-4 py-3" data-testid="token-row">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className="font-medium text-slate-900">{t.name}</span>
                <span className="rounded bg-slate-100 px-1.5 py-px font-mono text-[11px] text-slate-600">
                  {t.algorithm} · {t.digits} digits · {t.period}s
                </span>
                {(t.issuer || t.account) && <span className="truncate text-xs text-slate-600">{[t.issuer, t.account].filter(Boolean).join(" · ")}</span>}
                <span className="ml-auto flex items-center gap-1">
                  <button
                    type="button"
                    onClick={() => toggle(t.id)}
                    className="rounded-md px-2 py-1 text-sm text-indigo-600 hover:bg-indigo-50"
                    aria-expanded={shown.has(t.id)}
                    aria-label={`${shown.has(t.id) ? "Hide" : "Show"} code for ${t.name}`}
                  >
                    {shown.has(t.id) ? "Hide code" : "Show code"}
                  </button>
                  {canManage && (
                    <>
                      <button type="button" onClick={() => open({ mode: "edit", token: t })} className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100" aria-label={`Edit ${t.name}`}>
                        Edit
                      </button>
                      <button
                        type="button"
                        disabled={pending}
                        onClick={() => confirm(`Delete the authenticator token "${t.name}"? Its secret cannot be recovered.`) && run("DELETE", `${base}/${t.id}`)}
                        className="rounded-md px-2 py-1 text-sm text-rose-600 hover:bg-rose-50"
                        aria-label={`Delete ${t.name}`}
                      >
                        Delete
                      </button>
                    </>
                  )}
                </span>
              </div>
              <p className="mt-0.5 text-xs text-slate-500">
                Shown on cases tagged <span className="font-mono text-slate-600">{t.name}</span>
                {t.createdBy && <> · added by {t.createdBy.name}</>}
              </p>
              {shown.has(t.id) && (
                <div className="mt-2">
                  <TotpCode projectKey={projectKey} token={t} compact />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage && (
        <button
          type="button"
          onClick={() => open({ mode: "create" })}
          className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500"
        >
          Add token
        </button>
      )}
      {error && !editing && <p role="alert" className="text-sm text-rose-600">{error}</p>}
      <p className="text-xs text-slate-600">
        Secrets are encrypted with AES-256-GCM and never shown again. Every code read is recorded in the audit log.
      </p>

      <ModalForm
        open={editing !== null}
        title={current ? `Edit ${current.name}` : "Add an authenticator token"}
        onClose={() => setEditing(null)}
        onSubmit={submit}
        submitLabel={current ? "Save" : "Add token"}
        pending={pending}
        error={editing ? error : null}
      >
        <Field label="Name" htmlFor="token-name" hint="Tag cases with this name to show the code while executing them, e.g. 2fa-admin.">
          <input id="token-name" name="name" required defaultValue={current?.name ?? ""} key={`name-${current?.id ?? "new"}`} className={inputClass} />
        </Field>
        <div role="radiogroup" aria-label="Secret format" className="flex gap-1 rounded-lg bg-slate-100 p-1 text-sm">
          {(
            [
              ["secret", "Base32 secret"],
              ["uri", "otpauth:// URI"],
            ] as const
          ).map(([value, label]) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={source === value}
              onClick={() => setSource(value)}
              className={`flex-1 rounded-md px-3 py-1.5 ${source === value ? "bg-white font-medium text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
            >
              {label}
            </button>
          ))}
        </div>
        {source === "secret" ? (
          <Field
            label={current ? "New secret (leave empty to keep the stored one)" : "Secret"}
            htmlFor="token-secret"
            hint="The setup key the service shows next to its QR code, like JBSW Y3DP EHPK 3PXP. Spaces do not matter."
          >
            <input id="token-secret" name="secret" required={!current} autoComplete="off" spellCheck={false} className={`${inputClass} font-mono`} />
          </Field>
        ) : (
          <Field
            label={current ? "New URI (leave empty to keep the stored secret)" : "URI"}
            htmlFor="token-uri"
            hint="otpauth://totp/… as encoded in the QR code; its algorithm, digits and period are used."
          >
            <input id="token-uri" name="otpauthUri" required={!current} autoComplete="off" spellCheck={false} className={`${inputClass} font-mono`} />
          </Field>
        )}
        {source === "secret" && (
          <div className="grid grid-cols-3 gap-3">
            <Field label="Algorithm" htmlFor="token-algorithm">
              <select id="token-algorithm" name="algorithm" defaultValue={current?.algorithm ?? "SHA1"} key={`alg-${current?.id ?? "new"}`} className={inputClass}>
                <option value="SHA1">SHA1</option>
                <option value="SHA256">SHA256</option>
                <option value="SHA512">SHA512</option>
              </select>
            </Field>
            <Field label="Digits" htmlFor="token-digits">
              <select id="token-digits" name="digits" defaultValue={String(current?.digits ?? 6)} key={`dig-${current?.id ?? "new"}`} className={inputClass}>
                <option value="6">6</option>
                <option value="7">7</option>
                <option value="8">8</option>
              </select>
            </Field>
            <Field label="Period (s)" htmlFor="token-period">
              <input id="token-period" name="period" type="number" min={1} max={3600} required defaultValue={current?.period ?? 30} key={`per-${current?.id ?? "new"}`} className={inputClass} />
            </Field>
          </div>
        )}
        <div className="grid grid-cols-2 gap-3">
          <Field label="Issuer (optional)" htmlFor="token-issuer">
            <input id="token-issuer" name="issuer" defaultValue={current?.issuer ?? ""} key={`iss-${current?.id ?? "new"}`} className={inputClass} />
          </Field>
          <Field label="Account (optional)" htmlFor="token-account">
            <input id="token-account" name="account" defaultValue={current?.account ?? ""} key={`acc-${current?.id ?? "new"}`} className={inputClass} />
          </Field>
        </div>
      </ModalForm>
    </div>
  );
}
