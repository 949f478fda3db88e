from txdoctor.commands.entry import main

main()
