with open("hook.txt", "w") as f:
    f.write('{{ cookiecutter.slug | quoted }} {% shout "hook" %}\n')
