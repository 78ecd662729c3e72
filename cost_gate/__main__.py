from cost_gate.cli import main

main()
