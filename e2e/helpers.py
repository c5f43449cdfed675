"""What the browser tests share."""


def log_in(page, base, username, password="secret-pass-123"):
    """Log in through the login page, and wait until it has let the user through."""
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")
    page.wait_for_url(lambda url: "/login/" not in url)
