"""``python -m nbtools COMMAND ...``: the kit's notebook commands (see environment/nb --help)."""
import sys

COMMANDS = {
    "run": "run notebooks headless on the course kernel (smoke profile) and print a time table",
    "generate": "generate exercises/ from solutions/ (--check: verify it is up to date)",
    "strip": "remove outputs from notebooks (default: notebooks/ solutions/ exercises/)",
    "check": "check committed notebooks: no outputs, course kernel, no magics, no awt.*",
    "grade": "grade SUBMISSIONS/<student>/<NN-name>.ipynb into a gradebook",
    "class-check": "self-test of the grader: solution gets full points, untouched sheet none",
    "hostile-class": "the grader against 30 submissions, many of them attacks (see its --help)",
    "student-edition": "the course without solutions/ as a folder, zip or git branch (checked)",
}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help") or sys.argv[1] not in COMMANDS:
        print("usage: environment/nb COMMAND [options]\n")
        for name, text in COMMANDS.items():
            print(f"  {name:<15} {text}")
        return 0 if len(sys.argv) >= 2 and sys.argv[1] in ("-h", "--help") else 2
    command, argv = sys.argv[1], sys.argv[2:]
    if command == "run":
        from .run import main as run
    elif command == "generate":
        from .generate import main as run
    elif command in ("strip", "check"):
        from .clean import main as clean
        return clean([command] + argv)
    elif command == "class-check":
        from .class_check import main as run
    elif command == "hostile-class":
        from .hostile_class import main as run
    elif command == "student-edition":
        from .edition import main as run
    else:
        from .grade import main as run
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
