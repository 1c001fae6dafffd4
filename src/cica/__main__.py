from cica.core.cli import main

main()
