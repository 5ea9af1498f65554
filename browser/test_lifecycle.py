"""The console's account lifecycle in Chromium (issue #13): a forgotten password reset through the mailed link, an
address verified from the account page's banner, and two-step sign-in with an authenticator app (pyotp).

The mails are read from the development outbox of the test server; each test waits for what the page shows.
"""
import time

import pyotp
from conftest import PASSWORD, http, new_email
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen


def register(server):
    email = new_email()
    assert http("POST", server.base + "/auth/register", {"email": email, "password": PASSWORD})[0] == 201
    return email


def test_a_forgotten_password_is_reset_through_the_mailed_link(console, server):
    email = register(server)
    window = console()
    window.open("sign-in")
    window.heading("Sign in")
    window.find("a[href='#/forgot-password']").click()
    window.heading("Forgot your password?")
    window.fill("#forgot-password-form", {"email": email})
    success = window.find("#forgot-password-form .success")
    window.wait.until(lambda _: "on its way" in success.text)
    window.screenshot("forgot-password")

    link = server.mailed_link(email, "reset_password")
    assert link.startswith(server.base + "/reset-password?token=")
    window.driver.get(link)
    window.heading("Choose a new password")
    window.screenshot("reset-password")
    window.fill("#reset-password-form", {"new_password": "a brand new password"})
    window.heading("Sign in")
    assert "password was changed" in window.find(".notice").text
    window.sign_in(email, "a brand new password")
    assert http("POST", server.base + "/auth/login", {"email": email, "password": PASSWORD})[0] == 401
    # The link was used up.
    window.driver.get(link)
    window.heading("Choose a new password")
    window.fill("#reset-password-form", {"new_password": "yet another password"})
    error = window.find("#reset-password-form .error")
    window.wait.until(lambda _: "unknown, used or expired" in error.text)
    assert window.script_errors() == []


def test_the_banner_sends_a_verification_link_that_verifies_the_address(console, server):
    email = register(server)
    window = console()
    window.sign_in(email)
    window.find("#verify-banner")
    window.screenshot("verify-banner")
    window.find("#verify-request-form button").click()
    success = window.find("#verify-request-form .success")
    window.wait.until(lambda _: email in success.text)

    window.driver.get(server.mailed_link(email, "verify_email"))
    window.heading("Email address")
    window.wait.until(seen.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice"), "verified"))
    window.find("a[href='/#/account']").click()
    window.heading("Your account")
    window.wait.until(seen.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-field='email']"), email))
    assert not window.driver.find_element(By.ID, "verify-banner").is_displayed()
    assert server.get("/auth/status", server.login(email))["user"]["email_verified"] is True


def test_two_step_sign_in_with_an_authenticator_app(console, server):
    email = register(server)
    window = console()
    window.sign_in(email)
    window.find("#totp-start-form button").click()
    secret_field = window.find("#totp-confirm-form [data-field='secret']")
    window.wait.until(lambda _: secret_field.text != "")
    secret = secret_field.text
    uri = window.find("#totp-confirm-form [data-field='otpauth_uri']").text
    assert pyotp.parse_uri(uri).secret == secret
    window.screenshot("two-step-setup")
    totp = pyotp.TOTP(secret)
    window.fill("#totp-confirm-form", {"code": totp.now()})
    window.wait.until(lambda _: len(window.all("#recovery-code-list li")) == 10)
    window.screenshot("two-step-recovery-codes")

    window.find("#sign-out").click()
    window.heading("Sign in")
    window.fill("#sign-in-form", {"email": email, "password": PASSWORD})
    window.heading("Two-step sign-in")
    window.screenshot("two-step-sign-in")
    # The confirmation spent this step's code; the next step's is within the step either side the server accepts.
    window.fill("#second-step-form", {"code": totp.at(time.time() + 30)})
    window.heading("Your account")
    window.wait.until(seen.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-field='email']"), email))
    assert window.script_errors() == []
