// Two-step sign-in on the account page: set up an authenticator app (the secret and its otpauth:// address shown as
// text: no QR code), confirm it with a first code and show the recovery codes once, or turn it off with a code.

import { call } from "./api.js";
import { fill, onSubmit } from "./view.js";

/** Wires the section `section` of the account page. */
export function showSecondFactor(section) {
  const start = section.querySelector("#totp-start-form");
  const confirm = section.querySelector("#totp-confirm-form");
  const codes = section.querySelector("#recovery-codes");
  const disable = section.querySelector("#totp-disable-form");

  function show(part) {
    for (const element of [start, confirm, codes, disable]) element.hidden = element !== part;
  }

  onSubmit(start, async () => {
    try {
      fill(confirm, await call("POST", "/auth/mfa/totp"));
      show(confirm);
    } catch (error) {
      if (error.code === "mfa_already_enabled") return show(disable);
      if (error.code === "fresh_token_required") error.message = "Sign out and in again to change two-step sign-in.";
      throw error;
    }
  });

  onSubmit(confirm, async (values) => {
    const answer = await call("POST", "/auth/mfa/totp/confirm", { code: values.code.trim() });
    const list = section.querySelector("#recovery-code-list");
    list.replaceChildren(
      ...answer.recovery_codes.map((code) => {
        const item = document.createElement("li");
        item.textContent = code;
        return item;
      }),
    );
    show(codes);
  });

  onSubmit(disable, async (values) => {
    try {
      await call("DELETE", "/auth/mfa/totp", { code: values.code.trim() });
    } catch (error) {
      if (error.code === "fresh_token_required") error.message = "Sign out and in again to turn two-step sign-in off.";
      throw error;
    }
    show(start);
    start.querySelector(".success").textContent = "Two-step sign-in is off.";
  });
}
