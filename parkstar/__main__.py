from parkstar.cli import main

main()
