from txdoctor.cli import main

main()
