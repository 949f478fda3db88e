from txdoctor.commands.cli import main

main()
