from wslint.cli import main

main()
