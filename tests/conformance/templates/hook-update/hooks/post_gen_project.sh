#!/bin/sh
echo "post {{ cookiecutter.slug }} $(ls | tr '\n' ' ')" > post_gen_ran.txt
