"""JupyterHub configuration of a logokit class (Debian's jupyterhub 3.0, or newer).

Started by ``environment/hub start``, which writes ``hub.json`` (the class's settings) into the
hub folder and runs ``jupyterhub -f THIS_FILE`` there as root. Every setting comes from hub.json,
so this file is the same for every class; see environment/classhub/README.md.
"""
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from course import read_roster  # noqa: E402

settings = json.loads((Path(os.environ["LOGOKIT_HUB_DIR"]) / "hub.json").read_text())
state = Path(settings["state_dir"])
c = get_config()  # noqa: F821 (JupyterHub's config loader provides it)

# Network: the public proxy on ip:port (127.0.0.1 unless the instructor opens it); the hub's own
# API and the proxy's API always on loopback; students' servers on loopback behind the proxy.
c.JupyterHub.ip = settings["ip"]
c.JupyterHub.port = settings["port"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings["port"] + 1
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings['port'] + 2}"
c.ConfigurableHTTPProxy.command = [settings["proxy_command"]]
c.ConfigurableHTTPProxy.auth_token = (state / "proxy-token").read_text().strip()
c.JupyterHub.cookie_secret_file = str(state / "cookie-secret")
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True      # stopping the hub stops every student's server
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.log_level = settings.get("log_level", "INFO")

# Who may log in.
roster = read_roster(Path(settings["roster"]))
if settings["auth"] == "pam":
    c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"
else:
    c.JupyterHub.authenticator_class = "logokit_hub.RosterFirstUseAuthenticator"
    c.RosterFirstUseAuthenticator.password_file = str(state / "passwords.json")
c.Authenticator.allowed_users = set(roster)
c.Authenticator.admin_users = set(settings.get("admins", []))
c.LocalAuthenticator.create_system_users = bool(settings.get("create_users", False))

# The instructor's command-line tools (environment/hub status/collect) use this service's token.
c.JupyterHub.services = [{"name": "logokit-instructor",
                          "api_token": (state / "instructor-token").read_text().strip()}]
c.JupyterHub.load_roles = [{
    "name": "logokit-instructor",
    "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users",
               "access:servers"],
    "services": ["logokit-instructor"],
}]

# Each student's server: the class venv, the course kernel, caps, idle culling.
c.JupyterHub.spawner_class = "logokit_hub.CourseSpawner"
c.Spawner.default_url = "/lab"
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 180
c.Spawner.mem_limit = int(settings["memory_gib"] * 2**30)
c.CourseSpawner.cpus = float(settings["cpus"])
c.CourseSpawner.kit_dir = settings["kit_dir"]
c.CourseSpawner.venv_dir = settings["venv_dir"]
c.CourseSpawner.djl_cache_dir = settings["djl_cache_dir"]
c.CourseSpawner.kernel_idle_seconds = int(settings["kernel_idle_minutes"] * 60)
c.CourseSpawner.server_idle_seconds = int(settings["server_idle_minutes"] * 60)
