from cica.cli import main

main()
