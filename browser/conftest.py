"""The browser suite's fixtures: a `tokengate serve` on a free loopback port with a throw-away SQLite file, accounts
made with `tokengate users create`, and headless Chromium windows (each its own profile) driven by Selenium.

The suite needs TOKENGATE_BIN (the tokengate binary); browser/run.sh builds it and sets it.
"""
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "correct horse battery"
SCREENSHOTS = Path(__file__).parent / "screenshots"
SIZES = {"desktop": (1280, 800, False), "phone": (390, 844, True)}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http(method, url, body=None, token=None, headers=None):
    """One request; answers (status, decoded JSON or None, response headers)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, method=method, data=data)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None, response.headers
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw) if raw else None, error.headers


class Server:
    """`tokengate serve` in development mode on a free port, with its own data folder."""

    def __init__(self, binary, folder, access_ttl="15m"):
        self.binary = binary
        self.folder = folder
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(
            os.environ,
            TOKENGATE_ENV="development",
            TOKENGATE_HOST="127.0.0.1",
            TOKENGATE_PORT=str(self.port),
            TOKENGATE_DATA_DIR=folder,
            TOKENGATE_DATABASE_URL=f"sqlite://{folder}/tokengate.sqlite",
            TOKENGATE_JWT_SECRET="browser-suite-secret-" + "x" * 32,
            TOKENGATE_BCRYPT_COST="4",
            TOKENGATE_ACCESS_TOKEN_TTL=access_ttl,
            TOKENGATE_LEEWAY="0s",
            LOG_LEVEL="error",
            TOKENGATE_MANAGEMENT_ADDRESS="off",  # two servers run at once here
        )

    def create_user(self, email, *roles):
        """An account made by the operator command, as the first admin is made."""
        arguments = [self.binary, "users", "create", "--email", email]
        for role in roles:
            arguments += ["--role", role]
        subprocess.run(arguments, input=PASSWORD + "\n", text=True, env=self.env, check=True, capture_output=True)

    def start(self):
        self.process = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if http("GET", self.base + "/health")[0] == 200:
                    return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("tokengate serve exited")
                time.sleep(0.05)
        raise RuntimeError("tokengate serve did not answer /health")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)

    def login(self, email):
        """A bearer token for `email`, for checking the API's state beside the browser."""
        status, body, _ = http("POST", self.base + "/auth/login", {"email": email, "password": PASSWORD})
        assert status == 200, (status, body)
        return body["access_token"]

    def mailed_link(self, email, purpose, timeout=10):
        """The link of the newest mail of `purpose` (verify_email, reset_password) to `email` in the development
        outbox, once it has arrived (mails are sent after the answer)."""
        outbox = Path(self.folder) / "outbox"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for path in sorted(outbox.glob(f"*-{purpose}-*.eml"), reverse=True) if outbox.exists() else []:
                text = path.read_text()
                if f"To: <{email}>" in text:
                    return next(line for line in text.splitlines() if "?token=" in line).strip()
            time.sleep(0.05)
        raise AssertionError(f"no {purpose} mail to {email} arrived")

    def get(self, path, token):
        status, body, _ = http("GET", self.base + path, token=token)
        assert status == 200, (status, body)
        return body


def start_server(folder, access_ttl="15m"):
    binary = os.environ.get("TOKENGATE_BIN")
    if not binary:
        pytest.exit("set TOKENGATE_BIN to the tokengate binary (browser/run.sh does)", returncode=2)
    server = Server(binary, folder, access_ttl)
    server.create_user("admin@example.com", "admin")
    server.create_user("editor@example.com", "editor")
    server.create_user("reader@example.com")
    return server.start()


@pytest.fixture(scope="session")
def server():
    with tempfile.TemporaryDirectory() as folder:
        running = start_server(folder)
        yield running
        running.stop()


@pytest.fixture
def short_lived_server():
    """A server whose access tokens (and access cookies) last two seconds."""
    with tempfile.TemporaryDirectory() as folder:
        running = start_server(folder, access_ttl="2s")
        yield running
        running.stop()


class Console:
    """One Chromium window with a profile of its own, on the console of `server`."""

    def __init__(self, server):
        self.server = server
        options = Options()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(options=options, service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")))
        self.wait = WebDriverWait(self.driver, 10, ignored_exceptions=[StaleElementReferenceException])
        self.viewport("desktop")

    def viewport(self, size):
        width, height, mobile = SIZES[size]
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}
        )

    def open(self, page=""):
        self.driver.get(f"{self.server.base}/#/{page}")

    def find(self, css):
        return self.wait.until(seen.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def heading(self, text):
        self.wait.until(seen.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), text))

    def fill(self, form, values):
        for name, value in values.items():
            field = self.find(f"{form} [name='{name}']")
            field.clear()
            field.send_keys(value)
        self.find(f"{form} button[type='submit']").click()

    def sign_in(self, email, password=PASSWORD):
        self.open("sign-in")
        self.heading("Sign in")
        self.fill("#sign-in-form", {"email": email, "password": password})
        self.heading("Your account")
        self.wait.until(seen.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-field='email']"), email))

    def cookies(self):
        """Every cookie of this profile, by name (the refresh cookie's path is /auth, so the page alone sees less)."""
        return {cookie["name"]: cookie for cookie in self.driver.execute_cdp_cmd("Network.getAllCookies", {})["cookies"]}

    def fetch(self, method, path, headers=None, body=None):
        """A request from the console's own page (its origin, its cookies); answers (status, JSON body)."""
        return self.driver.execute_async_script(
            """
            const [method, path, headers, body, done] = arguments;
            fetch(path, {method, headers, body, credentials: "same-origin"})
              .then(async (response) => done([response.status, await response.json().catch(() => null)]));
            """,
            method,
            path,
            headers or {},
            body,
        )

    def screenshot(self, name):
        """Saves the page as shown now at 1280×800 and 390×844 into browser/screenshots/."""
        SCREENSHOTS.mkdir(exist_ok=True)
        for size in SIZES:
            self.viewport(size)
            self.driver.save_screenshot(str(SCREENSHOTS / f"{name}-{SIZES[size][0]}x{SIZES[size][1]}.png"))
        self.viewport("desktop")

    def script_errors(self):
        """Errors the page logged (exceptions, CSP violations); failed requests are the API's answers, not errors."""
        return [entry for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE" and entry["source"] != "network"]

    def quit(self):
        self.driver.quit()


@pytest.fixture
def console(server):
    """Opens a window on the shared server; closes it after the test."""
    windows = []

    def open_window(on=None):
        window = Console(on or server)
        windows.append(window)
        return window

    yield open_window
    for window in windows:
        window.quit()


def new_email():
    return f"{uuid.uuid4().hex[:12]}@example.com"
