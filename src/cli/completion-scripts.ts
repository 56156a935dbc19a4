/**
 * The shell side of completion: a few lines that hand the words to `play __complete` and offer
 * what it prints, one candidate a line; nothing printed means file names, the shell's default.
 */
export const BASH_COMPLETION = `# bash completion for play: eval "$(play completion bash)" (e.g. in ~/.bashrc)
_play_complete() {
  local IFS=$'\\n' cur=\${COMP_WORDS[COMP_CWORD]}
  local -a words=("\${COMP_WORDS[@]}")
  COMPREPLY=($(compgen -W "$(play __complete "$COMP_CWORD" -- "\${words[@]}" 2>/dev/null)" -- "$cur"))
}
complete -o default -o bashdefault -F _play_complete play
`;

export const ZSH_COMPLETION = `#compdef play
# zsh completion for play: eval "$(play completion zsh)" (e.g. in ~/.zshrc, after compinit)
_play() {
  local -a candidates
  candidates=("\${(@f)$(play __complete $((CURRENT - 1)) -- "\${words[@]}" 2>/dev/null)}")
  candidates=(\${candidates:#})
  if (( \${#candidates} )); then
    compadd -a candidates
  else
    _files
  fi
}
compdef _play play
`;
