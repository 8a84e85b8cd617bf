from handover.cli.quick_complete import main

main()
