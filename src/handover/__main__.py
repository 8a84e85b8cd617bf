from handover.cli.app import main

main()
