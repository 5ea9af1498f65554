"""The web console in a real Chromium: the scenarios of issue #11, each against `tokengate serve`.

Each test waits for what the page shows (WebDriverWait on a condition), never for a fixed time.
"""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import urllib.parse

from conftest import PASSWORD, http, new_email
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as seen


def test_sign_up_lands_on_the_account_page_and_a_reload_keeps_the_session(console):
    window = console()
    window.open()
    window.heading("Sign in")
    window.screenshot("sign-in")
    window.find("a[href='#/sign-up']").click()
    window.heading("Create an account")
    window.screenshot("sign-up")
    email = new_email()
    window.fill("#sign-up-form", {"name": "Ada Lovelace", "email": email, "password": PASSWORD})
    window.heading("Your account")
    window.wait.until(seen.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-field='email']"), email))
    assert window.find("[data-field='roles']").text == "user"

    window.driver.refresh()
    window.heading("Your account")
    window.wait.until(seen.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-field='email']"), email))
    # No token is within a script's reach: the access and refresh cookies are HttpOnly, web storage is empty.
    cookies = window.cookies()
    assert cookies["tg_access"]["httpOnly"] and cookies["tg_refresh"]["httpOnly"]
    assert not cookies["tg_csrf"]["httpOnly"]
    readable = window.driver.execute_script("return [document.cookie, localStorage.length, sessionStorage.length]")
    assert "tg_access" not in readable[0] and "tg_refresh" not in readable[0]
    assert readable[1:] == [0, 0]
    assert window.script_errors() == []


def test_api_errors_are_shown_next_to_the_form_that_caused_them(console):
    window = console()
    window.open("sign-in")
    window.fill("#sign-in-form", {"email": "reader@example.com", "password": "not the password"})
    error = window.find("#sign-in-form .error")
    window.wait.until(lambda _: error.text)
    assert "email or password" in error.text.lower()

    window.open("sign-up")
    window.heading("Create an account")
    window.fill("#sign-up-form", {"email": new_email(), "password": "short"})
    error = window.find("#sign-up-form .error")
    window.wait.until(lambda _: "password" in error.text)


def test_the_console_works_from_the_keyboard(console):
    window = console()
    window.open("sign-in")
    window.heading("Sign in")
    active = window.driver.switch_to.active_element
    active.send_keys(Keys.TAB)  # from the heading to the email field
    window.driver.switch_to.active_element.send_keys("reader@example.com", Keys.TAB)
    window.driver.switch_to.active_element.send_keys(PASSWORD, Keys.ENTER)
    window.heading("Your account")
    for field in window.all("input:not([type=checkbox]), textarea"):
        assert window.driver.find_elements(By.CSS_SELECTOR, f"label[for='{field.get_attribute('id')}']"), field.get_attribute("name")


def test_an_editor_adds_edits_and_deletes_a_book(console, server):
    window = console()
    window.sign_in("editor@example.com")
    window.find("a[href='#/books']").click()
    window.heading("Books")
    title = f"Dune {new_email()[:6]}"
    window.fill("#add-form", {"title": title, "author": "Frank Herbert"})
    item = item_showing(window, title)
    assert "by Frank Herbert" in item.text

    item.find_element(By.CSS_SELECTOR, ".edit").click()
    window.fill("#items .edit-form:not([hidden])", {"author": "F. Herbert"})
    window.wait.until(lambda _: any(title in text and "by F. Herbert" in text for text in item_texts(window)))

    token = server.login("editor@example.com")
    assert any(book["title"] == title and book["author"] == "F. Herbert" for book in all_books(server, token))
    item_showing(window, title).find_element(By.CSS_SELECTOR, ".delete").click()
    window.wait.until(lambda _: not [text for text in item_texts(window) if title in text])
    assert not any(book["title"] == title for book in all_books(server, token))


def test_a_reader_sees_no_edit_controls_and_a_forged_request_is_refused(console, server):
    editor_token = server.login("editor@example.com")
    status, _, _ = http("POST", server.base + "/books", {"title": "Kindred", "author": "Octavia E. Butler"}, token=editor_token)
    assert status == 201
    before = all_books(server, editor_token)

    window = console()
    window.sign_in("reader@example.com")
    window.find("a[href='#/books']").click()
    window.heading("Books")
    item_showing(window, "Kindred")
    assert not window.all("#add-section:not([hidden])")
    assert not window.all("#items .edit, #items .delete")

    # The same request the console would send, from its own origin: without the CSRF header it is refused before
    # anything else; with it, the reader's roles refuse it.
    body = '{"title": "Forged", "author": "Nobody"}'
    assert window.fetch("POST", "/books", {"Content-Type": "application/json"}, body)[0] == 403
    csrf = window.cookies()["tg_csrf"]["value"]
    status, answer = window.fetch("POST", "/books", {"Content-Type": "application/json", "X-CSRF-Token": csrf}, body)
    assert (status, answer["error"]) == (403, "forbidden")
    assert all_books(server, editor_token) == before


def test_templates_can_be_added_edited_and_deleted(console):
    window = console()
    window.sign_in("reader@example.com")
    window.find("a[href='#/templates']").click()
    window.heading("Your templates")
    text = f"Dear {{name}}, your order {new_email()[:6]} has shipped."
    window.fill("#add-form", {"template": text})
    item = item_showing(window, text)
    window.screenshot("templates")

    item.find_element(By.CSS_SELECTOR, ".edit").click()
    edited = text.replace("shipped", "arrived")
    field = window.find("#items .edit-form:not([hidden]) textarea")
    field.clear()
    field.send_keys(edited)
    window.find("#items .edit-form:not([hidden]) button[type='submit']").click()
    item_showing(window, edited)

    item_showing(window, edited).find_element(By.CSS_SELECTOR, ".delete").click()
    window.wait.until(lambda _: not [text for text in item_texts(window) if edited in text])

    # The same text twice is the API's 409, shown next to the add form.
    window.fill("#add-form", {"template": "twice"})
    item_showing(window, "twice")
    window.fill("#add-form", {"template": "twice"})
    error = window.find("#add-form .error")
    window.wait.until(lambda _: error.text)
    assert len([li for li in window.all("#items li") if li.find_element(By.CSS_SELECTOR, "strong").text == "twice"]) == 1


def test_a_template_with_markup_shows_as_text_and_runs_nothing(console):
    window = console()
    window.sign_in("reader@example.com")
    window.open("templates")
    window.heading("Your templates")
    attack = "<img src=x onerror=alert(1)>"
    window.fill("#add-form", {"template": attack})
    item = item_showing(window, attack)
    assert item.find_element(By.CSS_SELECTOR, "strong").text == attack
    assert window.all("#items img") == []
    window.driver.refresh()
    item_showing(window, attack)
    try:
        window.driver.switch_to.alert
        raise AssertionError("the template's markup ran a script")
    except NoAlertPresentException:
        pass


def test_revoking_a_session_from_another_browser_signs_it_out_at_its_next_action(console):
    email = new_email()
    first = console()
    first.open("sign-up")
    first.fill("#sign-up-form", {"email": email, "password": PASSWORD})
    first.heading("Your account")
    second = console()
    second.sign_in(email)

    first.driver.refresh()
    first.heading("Your account")
    first.wait.until(lambda _: len(first.all("#sessions li")) == 2)
    first.screenshot("account")
    revoke = [button for button in first.all("#sessions .revoke") if button.is_displayed()]
    assert len(revoke) == 1  # the other browser's session; this one shows "This device" instead
    revoke[0].click()
    first.wait.until(lambda _: len(first.all("#sessions li")) == 1)

    second.find("a[href='#/books']").click()
    second.heading("Sign in")
    assert "session has ended" in second.find(".notice").text
    # The first browser is still signed in.
    first.find("a[href='#/books']").click()
    first.heading("Books")


def test_a_password_change_keeps_this_session_and_signing_out_everywhere_ends_it(console, server):
    email = new_email()
    assert http("POST", server.base + "/auth/register", {"email": email, "password": PASSWORD})[0] == 201
    other = server.login(email)  # another device's session
    window = console()
    window.sign_in(email)
    window.fill("#password-form", {"current_password": "wrong password", "new_password": "new horse battery"})
    error = window.find("#password-form .error")
    window.wait.until(lambda _: "current password" in error.text)

    window.fill("#password-form", {"current_password": PASSWORD, "new_password": "new horse battery"})
    success = window.find("#password-form .success")
    window.wait.until(lambda _: "Password changed" in success.text)
    assert http("GET", server.base + "/auth/status", token=other)[0] == 401
    status, _, _ = http("POST", server.base + "/auth/login", {"email": email, "password": "new horse battery"})
    assert status == 200
    assert len(window.all("#sessions li")) == 1  # the list shown after the change: only this session was kept
    window.driver.refresh()
    window.wait.until(lambda _: len(window.all("#sessions li")) == 2)  # and the login just made

    window.find("#sign-out-everywhere-form button").click()
    window.heading("Sign in")
    assert "every session" in window.find(".notice").text
    assert window.fetch("GET", "/auth/status")[0] == 401


def test_a_form_on_another_origin_that_posts_to_templates_changes_nothing(console, server):
    window = console()
    window.sign_in("reader@example.com")
    token = server.login("reader@example.com")
    before = server.get("/templates?limit=100", token)["templates"]

    # Another origin (same host, another port: the cookies still go along, so only the CSRF check stands between).
    target = server.base + "/templates"
    page = f"""<!doctype html><form method="post" action="{target}" enctype="text/plain">
      <input type="hidden" name='{{"template": "forged", "x": "' value='"}}'></form>
      <script>document.forms[0].submit()</script>""".encode()

    class Attacker(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *_):
            pass

    attacker = ThreadingHTTPServer(("127.0.0.1", 0), Attacker)
    threading.Thread(target=attacker.serve_forever, daemon=True).start()
    try:
        window.driver.get(f"http://127.0.0.1:{attacker.server_address[1]}/")
        window.wait.until(lambda driver: urllib.parse.urlsplit(driver.current_url).path == "/templates")
        assert "csrf_failed" in window.driver.page_source
    finally:
        attacker.shutdown()
    assert server.get("/templates?limit=100", token)["templates"] == before


def test_after_logout_the_cookies_are_gone_and_the_old_cookie_is_refused(console, server):
    window = console()
    window.sign_in("reader@example.com")
    access = window.cookies()["tg_access"]["value"]
    assert http("GET", server.base + "/auth/status", headers={"Cookie": f"tg_access={access}"})[0] == 200
    window.find("#sign-out").click()
    window.heading("Sign in")
    assert "signed out" in window.find(".notice").text
    window.wait.until(lambda _: not {"tg_access", "tg_refresh", "tg_csrf"} & set(window.cookies()))
    assert window.fetch("GET", "/auth/status")[0] == 401
    assert http("GET", server.base + "/auth/status", headers={"Cookie": f"tg_access={access}"})[0] == 401


def test_an_admin_changes_roles_and_the_user_then_sees_editor_controls(console, server):
    email = new_email()
    status, _, _ = http("POST", server.base + "/auth/register", {"email": email, "password": PASSWORD})
    assert status == 201
    admin = console()
    admin.sign_in("admin@example.com")
    admin.find("a[href='#/users']").click()
    admin.heading("Users")
    row = find_user(admin, email)
    admin.screenshot("users")
    row.find_element(By.CSS_SELECTOR, "input[name='editor']").click()
    row.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    admin.wait.until(lambda _: "editor" in find_user(admin, email).find_element(By.CSS_SELECTOR, ".success").text)
    token = server.login(email)
    assert "editor" in server.get("/auth/status", token)["user"]["roles"]

    user = console()
    user.sign_in(email)
    user.find("a[href='#/books']").click()
    user.heading("Books")
    user.find("#add-form")
    assert not user.all("a[href='#/users']:not([hidden])")


def test_an_expired_access_cookie_is_renewed_without_signing_out(console, short_lived_server):
    window = console(short_lived_server)
    window.sign_in("reader@example.com")
    first = window.cookies()["tg_csrf"]["value"]
    # The browser drops the access cookie when its two seconds are over; the next call renews the session.
    window.wait.until(lambda _: "tg_access" not in window.cookies())
    window.find("a[href='#/books']").click()
    window.heading("Books")
    window.find(".empty")  # the list loaded: this server has no books
    assert "tg_access" in window.cookies()
    assert window.cookies()["tg_csrf"]["value"] == first  # the session, and so its CSRF value, is the same
    assert not window.all("main .notice")


def test_books_page_screenshot_with_a_few_books(console, server):
    token = server.login("editor@example.com")
    for title, author in [("The Left Hand of Darkness", "Ursula K. Le Guin"), ("Piranesi", "Susanna Clarke")]:
        http("POST", server.base + "/books", {"title": title, "author": author}, token=token)
    window = console()
    window.sign_in("editor@example.com")
    window.open("books")
    item_showing(window, "Piranesi")
    window.screenshot("books")


def item_showing(window, text):
    """The list item that shows `text`, once it does (found in one script run: the list may be redrawn meanwhile)."""
    return window.wait.until(
        lambda driver: driver.execute_script(
            "return [...document.querySelectorAll('#items li')].find((li) => li.innerText.includes(arguments[0])) ?? null", text
        )
    )


def item_texts(window):
    """The text of every list item, read in one script run."""
    return window.driver.execute_script("return [...document.querySelectorAll('#items li')].map((li) => li.innerText)")


def find_user(window, email):
    def visible(_):
        for li in window.all("#items li"):
            if email in li.text:
                return li
        nexts = [button for button in window.all(".pager .next") if button.is_displayed()]
        if nexts:
            nexts[0].click()
        return None

    return window.wait.until(visible)


def all_books(server, token):
    books, cursor = [], None
    while True:
        page = server.get("/books?limit=100" + (f"&cursor={cursor}" if cursor else ""), token)
        books += page["books"]
        cursor = page.get("next_cursor")
        if not cursor:
            return books
